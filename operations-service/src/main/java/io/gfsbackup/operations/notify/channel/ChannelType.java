package io.gfsbackup.operations.notify.channel;

/** The kinds of channel. */
public enum ChannelType {
    WEBHOOK,
    SLACK,
    SNS,
    EMAIL
}
