-- A silo sends a batch of creates in one round trip, with no reads before its writes, when it knows each partition's
-- next sequence number from its own last commit there (RelationalObjectStorage, KnownSequences). The transaction's
-- first statement locks those partitions in hash order and counts the ones whose next_sequence is still the one
-- expected; another writer in between (a silo, a purge, a cross-partition transaction) leaves the count short, and this
-- refuses the transaction (SQLSTATE OS001), which the silo then sends again the careful way.
CREATE FUNCTION os_expect_sequences(matching BIGINT, expected BIGINT) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    IF matching <> expected THEN
        RAISE EXCEPTION 'Only % of % partitions are at the next sequence this silo expected', matching, expected
            USING ERRCODE = 'OS001';
    END IF;
END
$$;
