-- Browse pages page their statements in SQL and count them with aggregates (data/browse.repository.ts).
-- These indexes carry every column those queries read (status, measure, stance, dates), so a
-- speaker's, topic's or source's counts and pages come from the index alone, never from the
-- statement rows with their text: a topic with 100,000 statements is counted without reading them.

-- A speaker's statements: person or organization speaking collectively (replaces the bare person index).
DROP INDEX statements_speaker;
CREATE INDEX statements_person_browse ON statements(speaker_person_id, status, measure_id, stance, said_on, meeting_id);
CREATE INDEX statements_org_browse ON statements(speaker_org_id, status, measure_id, stance, said_on, meeting_id);

-- Topic and source pages reach statements through their link tables, by statement id.
CREATE INDEX statements_id_browse ON statements(id, status, measure_id, stance, said_on, meeting_id);
DROP INDEX statement_topics_topic;
CREATE INDEX statement_topics_topic ON statement_topics(topic_slug, statement_id);
