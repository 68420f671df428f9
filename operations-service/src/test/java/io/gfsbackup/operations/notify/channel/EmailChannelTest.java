package io.gfsbackup.operations.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.operations.notify.Notification;
import io.gfsbackup.operations.notify.channel.SmtpConfig.StartTls;

/** The e-mail channel against a real SMTP server (GreenMail), which wants a login. */
class EmailChannelTest {

    private static final String FROM = "gfs-backup@backups.example.com";
    private static final List<String> TO = List.of("ops@example.com", "oncall@example.org");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("gfs-backup", "mail-password"));

    @Test
    void sendsOneMessageToEveryAddressWithTheSubjectTheTextTheKeyAndAMessageIdDerivedFromTheKey() throws Exception {
        Notification notification = Notifications.backupFailed();

        channel("gfs-backup", "mail-password").deliver(notification, new ChannelSettings.Email(TO));

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(2);
        MimeMessage message = received[0];
        assertThat(Arrays.stream(message.getAllRecipients()).map(Address::toString)).containsExactlyElementsOf(TO);
        for (String address : TO) {
            assertThat(SMTP.getManagers().getImapHostManager().getInbox(SMTP.getUserManager()
                    .getUserByEmail(address)).getMessageCount()).as("messages to %s", address).isEqualTo(1);
        }
        assertThat(message.getFrom()[0].toString()).isEqualTo(FROM);
        assertThat(message.getSubject()).isEqualTo(notification.subject());
        assertThat(((String) message.getContent()).strip()).isEqualToNormalizingNewlines(notification.text());
        assertThat(message.getHeader("X-GFS-Idempotency-Key", null)).isEqualTo(notification.idempotencyKey());
        assertThat(message.getHeader("X-GFS-Event", null)).isEqualTo("BACKUP_FAILED");
        assertThat(message.getMessageID())
                .isEqualTo("<gfs." + sha256(notification.idempotencyKey()) + "@backups.example.com>");
    }

    @Test
    void aDuplicateHasTheSameMessageIdAndAnotherNotificationAnother() throws Exception {
        EmailChannel channel = channel("gfs-backup", "mail-password");
        List<String> one = List.of("ops@example.com");

        channel.deliver(Notifications.backupFailed("k-1"), new ChannelSettings.Email(one));
        channel.deliver(Notifications.backupFailed("k-1"), new ChannelSettings.Email(one));
        channel.deliver(Notifications.backupFailed("k-2"), new ChannelSettings.Email(one));

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(3);
        assertThat(received[0].getMessageID()).isEqualTo(received[1].getMessageID())
                .isNotEqualTo(received[2].getMessageID());
    }

    @Test
    void aRefusedLoginIsPermanent() {
        DeliveryException failure = deliverExpectingFailure(channel("gfs-backup", "wrong-password"));

        assertThat(failure.transientFailure()).isFalse();
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatIsDownIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DeliveryException failure = deliverExpectingFailure(channel(closedPort, Optional.empty(), Optional.empty()));

        assertThat(failure.transientFailure()).isTrue();
        assertThat(failure.getMessage()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void a4xxReplyIsTransientAndA5xxReplyPermanent() throws Exception {
        try (ScriptedSmtpServer busy = new ScriptedSmtpServer("451 4.3.0 try again later");
             ScriptedSmtpServer refusing = new ScriptedSmtpServer("550 5.1.1 no such user")) {
            DeliveryException later = deliverExpectingFailure(
                    channel(busy.port(), Optional.empty(), Optional.empty()));
            DeliveryException never = deliverExpectingFailure(
                    channel(refusing.port(), Optional.empty(), Optional.empty()));

            assertThat(later.transientFailure()).isTrue();
            assertThat(later.getMessage()).contains("451");
            assertThat(never.transientFailure()).isFalse();
            assertThat(never.getMessage()).contains("550");
        }
    }

    @Test
    void addressesAreCheckedOneByOneAndAServiceWithoutSmtpRefusesEmail() {
        EmailChannel channel = channel("gfs-backup", "mail-password");

        assertThat(channel.validate(new ChannelSettings.Email(TO))).isEmpty();
        assertThat(channel.validate(new ChannelSettings.Email(List.of("ops@example.com", "not an address", "",
                "Ops <ops@example.com>")))).extracting(Violation::field)
                .containsExactly("channel.to[1]", "channel.to[2]", "channel.to[3]");
        assertThat(channel.validate(new ChannelSettings.Email(List.of()))).extracting(Violation::field)
                .containsExactly("channel.to");
        assertThat(new EmailChannel(Optional.empty()).validate(new ChannelSettings.Email(TO)))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("channel.type");
                    assertThat(v.message()).contains("gfs.operations.smtp.host");
                });
    }

    private EmailChannel channel(String username, String password) {
        return channel(SMTP.getSmtp().getPort(), Optional.of(username), Optional.of(password));
    }

    private static EmailChannel channel(int port, Optional<String> username, Optional<String> password) {
        return new EmailChannel(Optional.of(new EmailChannel.Server("127.0.0.1", port, FROM, username, password,
                StartTls.NONE, Duration.ofSeconds(2), Duration.ofSeconds(2))));
    }

    private static DeliveryException deliverExpectingFailure(EmailChannel channel) {
        return catchThrowableOfType(DeliveryException.class,
                () -> channel.deliver(Notifications.backupFailed(), new ChannelSettings.Email(TO)));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
