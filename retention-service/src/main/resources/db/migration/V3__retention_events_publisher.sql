-- The publisher's processing group was named after the topic, which now carries retention events: keep its token,
-- so that a renamed publisher goes on where it was instead of publishing every decision again.
UPDATE token_entry SET processor_name = 'retention-events-publisher'
WHERE processor_name = 'retention-commands-publisher';
