package io.gfsbackup.operations.notify.channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jboss.logging.Logger;

import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.operations.notify.Notification;
import io.gfsbackup.operations.notify.channel.SmtpConfig.StartTls;

/**
 * E-mail over the SMTP server of the service's settings ({@code gfs.operations.smtp.*}): one plain-text message per
 * notification to all the rule's addresses, Subject the notification's subject, body its text. The header
 * {@code X-GFS-Idempotency-Key} carries the key, and the {@code Message-ID} is derived from it
 * ({@link #messageId(String, String)}), so a message sent twice has the same id and mail clients show it once.
 *
 * <p>A server that cannot be reached or does not answer in time, and any 4xx reply, are transient; a 5xx reply (a
 * recipient refused, a login refused) and a server without the STARTTLS it must offer are permanent.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    public static final String IDEMPOTENCY_KEY_HEADER = "X-GFS-Idempotency-Key";
    public static final String EVENT_HEADER = "X-GFS-Event";
    /** At most this many addresses per rule. */
    public static final int MAX_RECIPIENTS = 50;

    private static final Logger LOG = Logger.getLogger(EmailChannel.class);
    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([2-5][0-9][0-9])[ -]");

    /** The SMTP server and how to talk to it. */
    public record Server(String host, int port, String from, Optional<String> username, Optional<String> password,
                         StartTls startTls, Duration connectTimeout, Duration timeout) {
    }

    private final Optional<Server> server;
    private final Session session;

    @Inject
    public EmailChannel(SmtpConfig config) {
        this(config.host().isPresent() && config.from().isPresent()
                ? Optional.of(new Server(config.host().get(), config.port(), config.from().get(), config.username(),
                        config.password(), config.starttls(), config.connectTimeout(), config.timeout()))
                : Optional.empty());
    }

    /** A channel sending through {@code server}; without one, e-mail is off and every rule with it is refused. */
    public EmailChannel(Optional<Server> server) {
        this.server = server;
        this.session = server.map(EmailChannel::session).orElse(null);
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public void deliver(Notification notification, ChannelSettings settings) throws DeliveryException {
        ChannelSettings.Email email = (ChannelSettings.Email) settings;
        List<Violation> violations = validate(email);
        if (!violations.isEmpty()) {
            throw new DeliveryException("e-mail settings are not valid: " + violations, false);
        }
        Server smtp = server.orElseThrow();
        try {
            MimeMessage message = new KeyedMessage(session, messageId(notification.idempotencyKey(), smtp.from()));
            message.setFrom(new InternetAddress(smtp.from(), true));
            for (String to : email.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to.strip(), true));
            }
            message.setSubject(oneLine(notification.subject()), StandardCharsets.UTF_8.name());
            message.setText(notification.text() == null ? "" : notification.text(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.setHeader(IDEMPOTENCY_KEY_HEADER, notification.idempotencyKey());
            message.setHeader(EVENT_HEADER, notification.event().name());
            message.setHeader("Auto-Submitted", "auto-generated");
            message.saveChanges();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(smtp.host(), smtp.port(), smtp.username().orElse(null),
                        smtp.password().orElse(null));
                transport.sendMessage(message, message.getAllRecipients());
            }
            LOG.debugf("delivered %s by e-mail to %d addresses through %s:%d", notification.idempotencyKey(),
                    email.to().size(), smtp.host(), smtp.port());
        } catch (MessagingException e) {
            throw new DeliveryException("the SMTP server " + smtp.host() + ":" + smtp.port() + " did not take the "
                    + "message: " + describe(e), transientFailure(e), e);
        }
    }

    @Override
    public List<Violation> validate(ChannelSettings settings) {
        List<String> to = ((ChannelSettings.Email) settings).to();
        List<Violation> violations = new ArrayList<>();
        if (server.isEmpty()) {
            violations.add(new Violation("channel.type", "EMAIL is not available: this service has no SMTP server "
                    + "(set gfs.operations.smtp.host and gfs.operations.smtp.from); use WEBHOOK, SLACK or SNS"));
        }
        if (to == null || to.isEmpty()) {
            violations.add(new Violation("channel.to", "is required; give 1 to " + MAX_RECIPIENTS
                    + " e-mail addresses"));
            return violations;
        }
        if (to.size() > MAX_RECIPIENTS) {
            violations.add(new Violation("channel.to", "has " + to.size() + " addresses; at most " + MAX_RECIPIENTS
                    + " are allowed (use a mailing list)"));
        }
        for (int i = 0; i < to.size(); i++) {
            String problem = addressProblem(to.get(i));
            if (problem != null) {
                violations.add(new Violation("channel.to[" + i + "]", problem));
            }
        }
        return violations;
    }

    /**
     * {@code <gfs.<hex SHA-256 of the key>@<the sender's domain>>}: the same for every delivery of one notification.
     */
    public static String messageId(String idempotencyKey, String from) {
        int at = from.lastIndexOf('@');
        String domain = at < 0 ? "gfs-backup.invalid" : from.substring(at + 1).strip().replace(">", "");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "<gfs." + HexFormat.of().formatHex(hash) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Why {@code address} is not a plain e-mail address ({@code ops@example.com}), or null when it is. */
    private static String addressProblem(String address) {
        String valid = "give a plain address such as ops@example.com";
        if (address == null || address.isBlank()) {
            return "is required; " + valid;
        }
        try {
            InternetAddress parsed = new InternetAddress(address.strip(), true);
            parsed.validate();
            if (parsed.getPersonal() != null || !parsed.getAddress().equals(address.strip())
                    || address.strip().indexOf('@') < 1) {
                return "\"" + address + "\" is not a plain e-mail address; " + valid;
            }
            return null;
        } catch (AddressException e) {
            return "\"" + address + "\" is not an e-mail address (" + e.getMessage() + "); " + valid;
        }
    }

    /**
     * A 4xx reply, a connection that failed or timed out: transient. A 5xx reply, or any other refusal (no STARTTLS
     * where it is required, a message Jakarta Mail could not build): permanent.
     */
    static boolean transientFailure(MessagingException error) {
        List<Integer> codes = replyCodes(error);
        if (codes.stream().anyMatch(code -> code >= 400 && code < 500)) {
            return true;
        }
        if (!codes.isEmpty()) {
            return false;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof MailConnectException || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The SMTP reply codes an error carries: its own, its chained ones (one per refused address). */
    private static List<Integer> replyCodes(MessagingException error) {
        List<Integer> codes = new ArrayList<>();
        Exception e = error;
        for (int i = 0; e != null && i < MAX_RECIPIENTS + 2; i++) {
            int code = replyCode(e);
            if (code > 0) {
                codes.add(code);
            }
            e = e instanceof MessagingException m ? m.getNextException() : null;
        }
        return codes;
    }

    private static int replyCode(Exception error) {
        if (error instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        if (error instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (error instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        // a refused login, a refused greeting: the server's reply is the message
        Matcher reply = REPLY_CODE.matcher(error.getMessage() == null ? "" : error.getMessage());
        return reply.find() ? Integer.parseInt(reply.group(1)) : -1;
    }

    private static String describe(MessagingException error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()).strip());
        Exception next = error.getNextException();
        for (int i = 0; next != null && i < 5; i++) {
            text.append("; ").append(String.valueOf(next.getMessage()).strip());
            next = next instanceof MessagingException m ? m.getNextException() : null;
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static Session session(Server server) {
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", server.host());
        properties.put("mail.smtp.port", Integer.toString(server.port()));
        properties.put("mail.smtp.from", server.from());
        properties.put("mail.smtp.auth", Boolean.toString(server.username().isPresent()));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(server.startTls() != StartTls.NONE));
        properties.put("mail.smtp.starttls.required", Boolean.toString(server.startTls() == StartTls.REQUIRED));
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
        properties.put("mail.smtp.connectiontimeout", Long.toString(server.connectTimeout().toMillis()));
        properties.put("mail.smtp.timeout", Long.toString(server.timeout().toMillis()));
        properties.put("mail.smtp.writetimeout", Long.toString(server.timeout().toMillis()));
        return Session.getInstance(properties);
    }

    /** A message whose Message-ID is given, not made up afresh by {@link MimeMessage#saveChanges()}. */
    private static final class KeyedMessage extends MimeMessage {

        private final String messageId;

        KeyedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
