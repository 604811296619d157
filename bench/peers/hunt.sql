-- The seed hunt (shared/spec/hunt-semantics.md) in DuckDB SQL, shared by DuckDB-wasm in the
-- browser (peers/src/duckdb.mjs) and native DuckDB (peers/duckdb_native.py).
--
-- The file is in sections, each opened by a line `-- [name]`: `hunt` is the query, with
-- {{ALERTS}} and {{EVENTS}} standing for the reader of each table; `reader FORMAT TABLE` is that
-- reader, a parenthesised subquery with {{PATH}} standing for the file's name as a SQL string
-- literal. Every reader yields the columns the hunt needs as VARCHAR (never NULL-filled by
-- DuckDB's type sniffing) and TimeGenerated as BIGINT 100 ns ticks since 1970, so the window
-- compares integers: DuckDB's TIMESTAMP holds microseconds, and TIMESTAMP_NS + INTERVAL rounds
-- to microseconds, while JSON Lines exports carry 7 fractional digits.
--
-- Where DuckDB differs from Kusto, on values the generated data never holds (known, not
-- fixed): upper() maps ß to ẞ where Kusto keeps ß, and RE2's case-insensitive match takes the
-- long s (ſ) for an s where Kusto, folding through simple lower case, does not.

-- [hunt]
WITH alerts AS {{ALERTS}},
events AS {{EVENTS}},
-- where AlertName has_any (...): term matching. A term character is a letter or a number
-- (\p{L}, \p{N}); RE2 has no lookarounds, so the separator before and after the needle is
-- matched as a character or the end of the value, which decides the same question.
-- summarize count(), make_set(AlertName) by WorkspaceSubscriptionId,
-- CompromisedEntity = toupper(CompromisedEntity), TimeGenerated (exact, to the tick).
-- Kusto strings are never null: a missing value is the empty string, an ordinary key.
groups AS (
    SELECT coalesce(WorkspaceSubscriptionId, '') AS WorkspaceSubscriptionId,
           upper(coalesce(CompromisedEntity, '')) AS CompromisedEntity,
           TimeGenerated,
           count(*) AS count_,
           list_sort(list(DISTINCT AlertName)) AS set_AlertName,
           len(list(DISTINCT AlertName)) AS number_alerts
    FROM alerts
    WHERE TimeGenerated IS NOT NULL
      AND regexp_matches(AlertName,
            '(^|[^\p{L}\p{N}])(Atypical travel|Unfamiliar sign-in properties|Anonymous IP address|Malware linked IP address|Malicious IP address|Password Spray|Targeted port scans)($|[^\p{L}\p{N}])',
            'i')
    GROUP BY 1, 2, 3
),
-- SecurityEvent | where EventID == 4624 and LogonType == 10 (10, "10" and 10.0 are ten)
-- | project Account = tolower(Account), Computer = toupper(Computer), ...
logons AS (
    SELECT lower(coalesce(Account, '')) AS Account,
           upper(coalesce(Computer, '')) AS Computer,
           IpAddress, AccountType, Activity, LogonTypeName,
           TimeGenerated AS Interactivelogontime
    FROM events
    WHERE TimeGenerated IS NOT NULL
      AND TRY_CAST(EventID AS DOUBLE) = 4624
      AND TRY_CAST(LogonType AS DOUBLE) = 10
)
-- join kind=inner on CompromisedEntity == Computer (the full cross product per key), then
-- where Interactivelogontime between (TimeGenerated .. TimeGenerated + 15m), both ends
-- inclusive: a range join. 15 minutes = 9,000,000,000 ticks.
SELECT g.TimeGenerated,
       l.Interactivelogontime,
       l.Account AS AccountCustomEntity,
       l.AccountType,
       g.CompromisedEntity,
       l.Activity,
       l.IpAddress,
       g.TimeGenerated + 9000000000 AS TimeWindow
FROM groups AS g
JOIN logons AS l
  ON l.Computer = g.CompromisedEntity
 AND l.Interactivelogontime BETWEEN g.TimeGenerated AND g.TimeGenerated + 9000000000
ORDER BY g.TimeGenerated, l.Interactivelogontime

-- [reader portal-csv SecurityAlert]
-- Portal "Export to CSV": `TimeGenerated [UTC]` holding `9/15/2026, 6:03:43.521 AM`.
(SELECT AlertName, CompromisedEntity, WorkspaceSubscriptionId,
        epoch_ms(try_strptime("TimeGenerated [UTC]", '%m/%d/%Y, %I:%M:%S.%g %p')) * 10000 AS TimeGenerated
 FROM read_csv({{PATH}}, header = true, all_varchar = true))

-- [reader portal-csv SecurityEvent]
(SELECT EventID, LogonType, Account, AccountType, Computer, IpAddress, Activity, LogonTypeName,
        epoch_ms(try_strptime("TimeGenerated [UTC]", '%m/%d/%Y, %I:%M:%S.%g %p')) * 10000 AS TimeGenerated
 FROM read_csv({{PATH}}, header = true, all_varchar = true))

-- [reader jsonl SecurityAlert]
-- JSON Lines as data export writes them: `"TimeGenerated":"2026-09-15T06:03:43.5211170Z"`.
-- A broken line is skipped, as Huntbench skips (and counts) it.
(SELECT AlertName, CompromisedEntity, WorkspaceSubscriptionId,
        epoch_ns(TRY_CAST(TimeGenerated AS TIMESTAMP_NS)) // 100 AS TimeGenerated
 FROM read_json({{PATH}}, format = 'newline_delimited', ignore_errors = true,
                columns = {AlertName: 'VARCHAR', CompromisedEntity: 'VARCHAR',
                           WorkspaceSubscriptionId: 'VARCHAR', TimeGenerated: 'VARCHAR'}))

-- [reader jsonl SecurityEvent]
(SELECT EventID, LogonType, Account, AccountType, Computer, IpAddress, Activity, LogonTypeName,
        epoch_ns(TRY_CAST(TimeGenerated AS TIMESTAMP_NS)) // 100 AS TimeGenerated
 FROM read_json({{PATH}}, format = 'newline_delimited', ignore_errors = true,
                columns = {EventID: 'VARCHAR', LogonType: 'VARCHAR', Account: 'VARCHAR',
                           AccountType: 'VARCHAR', Computer: 'VARCHAR', IpAddress: 'VARCHAR',
                           Activity: 'VARCHAR', LogonTypeName: 'VARCHAR', TimeGenerated: 'VARCHAR'}))
