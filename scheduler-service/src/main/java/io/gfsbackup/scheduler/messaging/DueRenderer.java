package io.gfsbackup.scheduler.messaging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;

/**
 * Writes the JSON of the messages of one slot. The {@code BackupDue}s of one slot and one account differ only in
 * their id (= due id) and table, so the first of each run of one account is written with {@link Messages#toJson} and
 * the others are that text with the id and the table's JSON swapped: byte for byte what {@link Messages#toJson}
 * writes (a test checks it), at a fraction of the cost, which matters for a slot of thousands of tables. Any other
 * batch is written message by message.
 */
final class DueRenderer {

    private DueRenderer() {
    }

    /**
     * The JSON of each message, in the order given. The dues of one account are written together (a slot's dues come
     * interleaved across accounts and regions), so each account's dues share one template.
     */
    static List<String> render(List<? extends Message> messages) {
        List<Integer> order = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            order.add(i);
        }
        Map<Object, Integer> firstOfAccount = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            firstOfAccount.putIfAbsent(accountOf(messages.get(i), i), i);
        }
        order.sort(Comparator.comparing((Integer i) -> firstOfAccount.get(accountOf(messages.get(i), i))));
        List<Message> grouped = order.stream().<Message>map(messages::get).toList();
        String[] out = new String[messages.size()];
        int start = 0;
        while (start < grouped.size()) {
            int end = start + 1;
            while (end < grouped.size() && sameAccount(grouped.get(start), grouped.get(end))) {
                end++;
            }
            List<String> run = renderRun(grouped.subList(start, end));
            for (int k = 0; k < run.size(); k++) {
                out[order.get(start + k)] = run.get(k);
            }
            start = end;
        }
        return List.of(out);
    }

    /** What groups a message with others: a due's account (null: the own account); anything else stands alone. */
    private static Object accountOf(Message message, int position) {
        if (message instanceof BackupDue due) {
            return due.due().account() == null ? "own" : due.due().account();
        }
        return position;
    }

    /** Whether both are BackupDues reaching the same account (the same role, or both the own account). */
    private static boolean sameAccount(Message a, Message b) {
        return a instanceof BackupDue first && b instanceof BackupDue second
                && Objects.equals(first.due().account(), second.due().account());
    }

    /** Messages of which all but the table and id are alike when they are BackupDues of one slot. */
    private static List<String> renderRun(List<? extends Message> messages) {
        List<String> out = new ArrayList<>(messages.size());
        if (messages.isEmpty()) {
            return out;
        }
        if (!(messages.get(0) instanceof BackupDue first) || !oneSlot(first, messages)) {
            messages.forEach(message -> out.add(Messages.toJson(message)));
            return out;
        }
        String template = Messages.toJson(first);
        String id = first.id().toString();
        String table = tableJson(first.due());
        // the id occurs twice (id, due.dueId), the table once; split the template around them
        int firstId = template.indexOf(id);
        int secondId = template.indexOf(id, firstId + id.length());
        int tableAt = template.indexOf(table);
        if (firstId < 0 || secondId < 0 || template.indexOf(id, secondId + id.length()) >= 0 || tableAt < 0
                || template.indexOf(table, tableAt + table.length()) >= 0
                || overlaps(tableAt, table.length(), firstId, id.length())
                || overlaps(tableAt, table.length(), secondId, id.length())) {
            messages.forEach(message -> out.add(Messages.toJson(message)));
            return out;
        }
        List<int[]> cuts = new ArrayList<>(List.of(new int[] {firstId, id.length(), 0},
                new int[] {secondId, id.length(), 0}, new int[] {tableAt, table.length(), 1}));
        cuts.sort((a, b) -> Integer.compare(a[0], b[0]));
        out.add(template);
        for (Message message : messages.subList(1, messages.size())) {
            BackupDue due = (BackupDue) message;
            String[] values = {due.id().toString(), tableJson(due.due())};
            StringBuilder json = new StringBuilder(template.length() + 64);
            int at = 0;
            for (int[] cut : cuts) {
                json.append(template, at, cut[0]).append(values[cut[2]]);
                at = cut[0] + cut[1];
            }
            out.add(json.append(template, at, template.length()).toString());
        }
        return out;
    }

    /** Whether every message is a BackupDue of the same slot, version and instant as the first. */
    private static boolean oneSlot(BackupDue first, List<? extends Message> messages) {
        DueSlot a = first.due();
        for (Message message : messages) {
            if (!(message instanceof BackupDue due)) {
                return false;
            }
            DueSlot b = due.due();
            if (!due.occurredAt().equals(first.occurredAt()) || !b.policyId().equals(a.policyId())
                    || b.policyVersion() != a.policyVersion() || !b.slot().equals(a.slot())
                    || !b.flags().equals(a.flags()) || !b.retention().equals(a.retention())
                    || !b.startWindowEnd().equals(a.startWindowEnd())
                    || !b.carryDeadlines().equals(a.carryDeadlines()) || !due.id().equals(b.dueId())
                    || !Objects.equals(b.account(), a.account())) {
                return false;
            }
        }
        return true;
    }

    private static String tableJson(DueSlot due) {
        try {
            return Json.mapper().writeValueAsString(due.table());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a table reference", e);
        }
    }

    private static boolean overlaps(int a, int aLength, int b, int bLength) {
        return a < b + bLength && b < a + aLength;
    }
}
