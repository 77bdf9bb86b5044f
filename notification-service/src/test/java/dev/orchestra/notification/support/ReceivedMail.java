package dev.orchestra.notification.support;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/** A mail the test SMTP server received: sender, recipients, subject, and its text and HTML parts. */
public record ReceivedMail(String from, List<String> to, String subject, String text, String html, List<String> headers) {

    static ReceivedMail of(MimeMessage message) {
        try {
            List<String> to = new ArrayList<>();
            for (var address : message.getAllRecipients()) {
                to.add(((InternetAddress) address).getAddress());
            }
            String[] parts = new String[2];
            collect(message, parts);
            List<String> headers = new ArrayList<>();
            message.getAllHeaderLines().asIterator().forEachRemaining(headers::add);
            return new ReceivedMail(((InternetAddress) message.getFrom()[0]).getAddress(), to, message.getSubject(), parts[0], parts[1],
                    headers);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    private static void collect(Part part, String[] parts) throws Exception {
        if (part.isMimeType("text/plain") && parts[0] == null) {
            parts[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html") && parts[1] == null) {
            parts[1] = (String) part.getContent();
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                collect(body, parts);
            }
        }
    }
}
