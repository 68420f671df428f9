package io.gfsbackup.retention.command;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The clock guard's base: the clock and the wall time at the last pass that trusted the clock. One row. */
@Entity
@Table(name = "clock_guard")
public class ClockReadingEntity extends PanacheEntityBase {

    static final short ID = 1;

    @Id
    @Column(name = "id")
    public short id = ID;

    @Column(name = "clock_at", nullable = false)
    public Instant clockAt;

    @Column(name = "wall_at", nullable = false)
    public Instant wallAt;
}
