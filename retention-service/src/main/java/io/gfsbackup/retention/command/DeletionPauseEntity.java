package io.gfsbackup.retention.command;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The last pause of a policy's deletions; kept, with who resumed it, after it is resumed. */
@Entity
@Table(name = "deletion_pause")
public class DeletionPauseEntity extends PanacheEntityBase {

    @Id
    @Column(name = "policy_id")
    public UUID policyId;

    @Column(name = "paused", nullable = false)
    public boolean paused;

    @Column(name = "cause", nullable = false)
    public String cause;

    @Column(name = "reason", nullable = false)
    public String reason;

    /** Wall time (the database's clock) when it paused. */
    @Column(name = "paused_at", nullable = false)
    public Instant pausedAt;

    /** The retention clock's instant when it paused. */
    @Column(name = "clock_at", nullable = false)
    public Instant clockAt;

    /** Whether {@code DeletionsPaused} went out for this pause. */
    @Column(name = "announced", nullable = false)
    public boolean announced;

    @Column(name = "resumed_at")
    public Instant resumedAt;

    @Column(name = "resumed_by")
    public String resumedBy;

    /** Whether {@code DeletionsResumed} went out for the last resume (true while none is pending). */
    @Column(name = "resume_announced", nullable = false)
    public boolean resumeAnnounced = true;

    /** The clock's instant at the last resume: the admin confirmed the expiries due up to then. */
    @Column(name = "approved_until")
    public Instant approvedUntil;
}
