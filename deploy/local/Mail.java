import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * ./orchestra mail [ADDRESS]: the mails the local mail catcher (GreenMail) received, read over
 * IMAP with the recipient's address as login. Without an address, every mailbox the catcher knows
 * (its HTTP API lists them). Runs with the GreenMail jar (it bundles Jakarta Mail) on the class path.
 */
public class Mail {

    public static void main(String[] args) throws Exception {
        String imapHost = System.getProperty("imap.host", "127.0.0.1");
        int imapPort = Integer.getInteger("imap.port", 3143);
        String api = System.getProperty("api", "http://127.0.0.1:8025");
        List<String> addresses = args.length > 0 ? List.of(args) : knownAddresses(api);
        if (addresses.isEmpty()) {
            System.out.println("no mail received yet");
            return;
        }
        Session session = Session.getInstance(new Properties());
        for (String address : addresses) {
            Store store = session.getStore("imap");
            store.connect(imapHost, imapPort, address, "any");
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                for (Message message : inbox.getMessages()) {
                    System.out.println("From:    " + join(message.getFrom()));
                    System.out.println("To:      " + join(message.getRecipients(Message.RecipientType.TO)));
                    System.out.println("Subject: " + message.getSubject());
                    System.out.println("Date:    " + message.getSentDate());
                    System.out.println();
                    System.out.println(textPart(message).strip());
                    System.out.println("----------------------------------------------------------------------");
                }
                inbox.close(false);
            } finally {
                store.close();
            }
        }
    }

    /** The catcher's mailboxes, from its HTTP API's user list (no JSON library needed for one field). */
    static List<String> knownAddresses(String api) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(api + "/api/user")).build(), HttpResponse.BodyHandlers.ofString());
        List<String> addresses = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"email\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        while (matcher.find()) {
            addresses.add(matcher.group(1));
        }
        return addresses;
    }

    static String textPart(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            String html = "";
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                if (body.isMimeType("text/html")) {
                    html = html.isEmpty() ? (String) body.getContent() : html;
                } else {
                    String text = textPart(body);
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
            }
            return html;
        }
        if (part.isMimeType("text/*")) {
            return (String) part.getContent();
        }
        return "";
    }

    static String join(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }
}
