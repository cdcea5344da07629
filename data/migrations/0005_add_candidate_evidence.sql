-- What the extractor read a candidate's speaker from (its attribution words) and how sure it is
-- (0-1; the review queue flags low confidence). NULL for candidates queued before this existed.

ALTER TABLE candidates ADD COLUMN confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1));
ALTER TABLE candidates ADD COLUMN evidence TEXT;
