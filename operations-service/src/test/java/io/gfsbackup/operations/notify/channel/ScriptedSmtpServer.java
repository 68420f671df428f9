package io.gfsbackup.operations.notify.channel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A real SMTP server on a free loopback port that answers every recipient with the reply it is given ({@code 451
 * 4.3.0 try again later}, {@code 550 5.1.1 no such user}): how a server refuses, which GreenMail cannot be made to do.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;
    private final String recipientReply;

    ScriptedSmtpServer(String recipientReply) {
        this.recipientReply = recipientReply;
        try {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                         StandardCharsets.US_ASCII));
                 PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                reply(out, "220 scripted ESMTP");
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String command = line.toUpperCase(Locale.ROOT);
                    if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                        reply(out, "250 scripted");
                    } else if (command.startsWith("MAIL") || command.startsWith("RSET") || command.startsWith("NOOP")) {
                        reply(out, "250 2.0.0 ok");
                    } else if (command.startsWith("RCPT")) {
                        reply(out, recipientReply);
                    } else if (command.startsWith("QUIT")) {
                        reply(out, "221 2.0.0 bye");
                        break;
                    } else {
                        reply(out, "503 5.5.1 bad sequence of commands");
                    }
                }
            } catch (IOException closed) {
                // the test closed the server, or the client went away
            }
        }
    }

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
