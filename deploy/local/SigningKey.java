import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * Makes the local stack's access-token signing key (RSA 2048): ./orchestra runs it once, into
 * .orchestra/keys/, and hands the file to auth-service. A key of this machine only, never committed.
 * java deploy/local/SigningKey.java PRIVATE_PEM PUBLIC_PEM
 */
public class SigningKey {
    public static void main(String[] args) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(Path.of(args[0]), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(Path.of(args[1]), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
