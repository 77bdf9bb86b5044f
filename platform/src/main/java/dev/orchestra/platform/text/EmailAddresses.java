package dev.orchestra.platform.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What every service takes for an e-mail address — auth-service when an account is made, the mailer
 * when it sends — so that an address one accepts, the other can mail. Deliberately narrower than RFC
 * 5322: a dot-atom local part (letters, digits and {@code !#$%&'*+/=?^_`{|}~-}, dots between), a
 * domain of at least two labels with a TLD of letters; Unicode letters and digits allowed (IDN),
 * never spaces, quotes, commas, angle brackets, control or format characters (no address can
 * imitate another or break a header). An address that Unicode NFKC would change is refused too:
 * compatibility look-alikes (KELVIN SIGN for K, full-width letters, ligatures) would otherwise
 * register beside the address they imitate, and mail for one could reach the other. Addresses are
 * compared case-insensitively ({@link #key}).
 */
public final class EmailAddresses {

    public static final int MAX_LENGTH = 254;
    public static final int MAX_LOCAL_LENGTH = 64;

    private static final String ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?";
    private static final Pattern ADDRESS = Pattern.compile(
            "^(" + ATOM + "(?:\\." + ATOM + ")*)@((?:" + LABEL + "\\.)+\\p{L}{2,})$");

    private EmailAddresses() {
    }

    public static final String LOOK_ALIKE = "E-mail must not contain compatibility look-alike characters"
            + " (such as the Kelvin sign or full-width letters): type the plain letters";

    /** Whether the (already trimmed) text is an address by the rule above. */
    public static boolean isValid(String address) {
        if (address == null || address.length() > MAX_LENGTH || !isCompatibilityNormal(address)) {
            return false;
        }
        var match = ADDRESS.matcher(address);
        return match.matches() && match.group(1).length() <= MAX_LOCAL_LENGTH;
    }

    /** False for text that Unicode NFKC would change (a compatibility look-alike somewhere in it). */
    public static boolean isCompatibilityNormal(String address) {
        return Normalizer.isNormalized(address, Normalizer.Form.NFKC);
    }

    /** What two addresses are compared by: lower case with the root locale. */
    public static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
