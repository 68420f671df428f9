package io.gfsbackup.retention.api;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Several {@code backup-events} of one chain, in the order they arrived, handled as one command: each of
 * {@code commands} (all of this chain) is decided exactly as if it had been sent alone, one after the other. The result is a list with one
 * {@link ChainOutcome} per command. It is what the consumer sends for a poll's messages, so that a chain is
 * loaded, locked and dispatched to once per poll instead of once per message.
 */
public record RecordBackupEvents(@TargetAggregateIdentifier UUID chainId, List<BackupEventCommand> commands) {

    public RecordBackupEvents {
        Objects.requireNonNull(chainId, "chainId");
        commands = List.copyOf(commands);
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("no commands for chain " + chainId);
        }
        for (BackupEventCommand command : commands) {
            if (!chainId.equals(command.chainId())) {
                throw new IllegalArgumentException(command + " is not a command of chain " + chainId);
            }
        }
    }
}
