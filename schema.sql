-- ftc schema, version 1.
--
-- Migrations are append-only: this block is migration 1 and never changes
-- once released; later versions add `-- migration N` blocks below it, each
-- marker at the start of its line. `PRAGMA user_version` records the last
-- one applied plus one (see VERSION_OFFSET in src/store/mod.rs).

-- migration 1
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    tpid        INTEGER UNIQUE,              -- top parent ID; NULL when not known yet
    name        TEXT    NOT NULL,
    norm_name   TEXT    NOT NULL,            -- normalised name (rule 4.6)
    key_suffix  TEXT    NOT NULL,            -- blocking key: last 4 letters of the first word (the first 4 are a norm_name range)
    initials    TEXT                         -- initials of a name of 3+ words
);
CREATE INDEX customers_norm_name ON customers(norm_name);
CREATE INDEX customers_key_suffix ON customers(key_suffix);
CREATE INDEX customers_initials ON customers(initials);
-- No partial indexes anywhere: with them, SQLite re-prepares every statement
-- that binds a parameter on the table each time it runs (10x slower imports).

CREATE TABLE tenants (
    id                INTEGER PRIMARY KEY,
    tenant_id         TEXT UNIQUE,           -- lowercase GUID; NULL when not known yet
    domain            TEXT NOT NULL UNIQUE,  -- lowercase; its first label finds it too (a range scan)
    customer_id       INTEGER NOT NULL REFERENCES customers(id),
    region            TEXT CHECK (region IN ('americas', 'emea', 'apj')),
    seats             INTEGER CHECK (seats >= 0),
    country           TEXT,
    source            TEXT NOT NULL CHECK (source IN ('commerce', 'exception', 'rfa')),
    fm                TEXT,
    managed           INTEGER NOT NULL DEFAULT 1,
    winner_of         INTEGER UNIQUE REFERENCES customers(id), -- the customer it is the winner tenant of
    covid_rfa         INTEGER NOT NULL DEFAULT 0,
    goback_on         TEXT,                  -- date marked GoBack; NULL when not a GoBack tenant
    wants_ftc         INTEGER,               -- NULL unknown, 1 yes, 0 no
    duplicate_invalid INTEGER NOT NULL DEFAULT 0,
    added_on          TEXT NOT NULL          -- the cadence starts here
);
CREATE INDEX tenants_customer ON tenants(customer_id);

-- Every change, newest last. tenant_id is NULL for changes that are not about
-- one tenant (a customer rename seen by an import is recorded per tenant).
CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,               -- RFC 3339 wall-clock time
    on_date     TEXT NOT NULL,               -- the effective "today" of the change
    actor       TEXT NOT NULL,
    tenant_id   INTEGER REFERENCES tenants(id),
    action      TEXT NOT NULL,               -- e.g. tenant.add, tenant.set, tenant.import
    description TEXT NOT NULL
);
CREATE INDEX history_tenant ON history(tenant_id, id);

-- Facts about the database itself (e.g. demo = 1 marks a demo database).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- migration 2: contacts, partners, the FRP list, the cadence, notes, tasks

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
    kind            TEXT NOT NULL CHECK (kind IN ('customer', 'partner', 'microsoft')),
    name            TEXT NOT NULL,
    email           TEXT NOT NULL,               -- lowercase domain part
    role            TEXT CHECK (role IN ('account-manager', 'pdm', 'pse', 'ats', 'csm', 'other')),
    country         TEXT,
    survey_language TEXT,
    services        TEXT,                        -- comma-separated workload slugs
    survey_eligible INTEGER NOT NULL DEFAULT 0,
    do_not_contact  INTEGER NOT NULL DEFAULT 0,
    engaged         INTEGER NOT NULL DEFAULT 0,
    added_on        TEXT NOT NULL,
    UNIQUE (tenant_id, email)
);

-- The partner on a tenant (at most one). `No Partner Identified` / `N/A`
-- records that the partner deploys nothing.
CREATE TABLE partners (
    tenant_id  INTEGER PRIMARY KEY REFERENCES tenants(id),
    name       TEXT NOT NULL,
    mpn        TEXT NOT NULL,
    deploying  TEXT NOT NULL DEFAULT ''          -- comma-separated workload slugs
);

-- FastTrack Ready Partners.
CREATE TABLE frps (
    mpn     TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    regions TEXT NOT NULL DEFAULT ''             -- comma-separated regions; empty = every region
);

-- Outreach attempts, replies and declines, in the order recorded.
CREATE TABLE cadence_events (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
    kind          TEXT NOT NULL CHECK (kind IN ('send', 'reply', 'decline')),
    party         TEXT NOT NULL CHECK (party IN ('account-team', 'partner', 'customer')),
    attempt       INTEGER,                        -- sends only
    via           TEXT CHECK (via IN ('email', 'meeting', 'follow-up')),
    on_date       TEXT NOT NULL,
    contact_email TEXT,
    forced        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cadence_events_tenant ON cadence_events(tenant_id, id);

CREATE TABLE pauses (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
    from_on      TEXT NOT NULL,
    until_on     TEXT NOT NULL,                  -- last day of the pause
    requested_by TEXT NOT NULL CHECK (requested_by IN ('account-team', 'customer')),
    reason       TEXT NOT NULL,
    resumed_on   TEXT                            -- ended early by `cadence resume`
);
CREATE INDEX pauses_tenant ON pauses(tenant_id);

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    kind        TEXT NOT NULL,                   -- engagement, enterprise, technical, environment, migration
    text        TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_on  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX notes_tenant ON notes(tenant_id, id);

-- The task checklist: only tasks whose status was set are stored.
CREATE TABLE tasks (
    tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
    task       INTEGER NOT NULL,
    status     TEXT NOT NULL,
    updated_on TEXT NOT NULL,
    PRIMARY KEY (tenant_id, task)
) WITHOUT ROWID;

-- What the agenda reads, kept current by every cadence write: the next
-- contact step's due date and the cadence's state. A tenant with no
-- outreach yet has both NULL: its first step is due the day it was added.
ALTER TABLE tenants ADD COLUMN next_due TEXT;
ALTER TABLE tenants ADD COLUMN cadence_state TEXT;
CREATE INDEX tenants_agenda ON tenants(fm COLLATE NOCASE, next_due, added_on);
CREATE INDEX pauses_until ON pauses(until_on);

-- migration 3: DIBS, the service status, status and service intent notes

-- DIBS per workload: fields given overwrite, fields not given are kept.
CREATE TABLE dibs (
    tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
    workload      TEXT NOT NULL,                 -- workload slug
    go_live       TEXT,
    intent        TEXT CHECK (intent IN ('yes', 'no', 'undecided')),
    reason        TEXT,                          -- one of the business reasons
    owner         TEXT,
    start_on      TEXT,                          -- engagement start date
    source        TEXT NOT NULL CHECK (source IN ('account-team', 'partner', 'customer')),
    contact_email TEXT,
    updated_on    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, workload)
) WITHOUT ROWID;

-- The service status of one workload: a total and its L1/L2/L3 split,
-- replaced whole by every `status set`.
CREATE TABLE service_status (
    tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
    workload   TEXT NOT NULL,
    total      INTEGER NOT NULL CHECK (total >= 0),
    updated_on TEXT NOT NULL,
    PRIMARY KEY (tenant_id, workload)
) WITHOUT ROWID;

CREATE TABLE service_status_rows (
    tenant_id INTEGER NOT NULL,
    workload  TEXT NOT NULL,
    position  INTEGER NOT NULL,
    l1        TEXT NOT NULL,                     -- display names, as the reference data has them
    l2        TEXT,
    l3        TEXT,
    count     INTEGER NOT NULL CHECK (count >= 0),
    target    TEXT,
    PRIMARY KEY (tenant_id, workload, position),
    FOREIGN KEY (tenant_id, workload) REFERENCES service_status (tenant_id, workload) ON DELETE CASCADE
) WITHOUT ROWID;

-- Status-note fields, and service intent notes (kind 'intent', per workload).
ALTER TABLE notes ADD COLUMN workload TEXT;
ALTER TABLE notes ADD COLUMN scope TEXT;
ALTER TABLE notes ADD COLUMN risks TEXT;
ALTER TABLE notes ADD COLUMN next_action TEXT;
ALTER TABLE notes ADD COLUMN next_date TEXT;
ALTER TABLE notes ADD COLUMN next_owner TEXT;
ALTER TABLE notes ADD COLUMN verdict TEXT;       -- great, marginal, poor (intent notes)
ALTER TABLE notes ADD COLUMN warnings TEXT;      -- comma-separated warning codes (intent notes)
CREATE INDEX notes_next_date ON notes(next_date);

-- migration 4: assignments, RFAs, FTA requests and architects, feedback

-- Assignment options applied to a tenant; the latest is the current one.
CREATE TABLE assignments (
    id        INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    option    TEXT NOT NULL,
    queue     TEXT NOT NULL,
    assignee  TEXT,
    on_date   TEXT NOT NULL,
    manual    INTEGER NOT NULL DEFAULT 0,       -- an --option override
    reasons   TEXT NOT NULL DEFAULT ''          -- why, one reason a line
);
CREATE INDEX assignments_tenant ON assignments(tenant_id, id);

-- Requests for assistance.
CREATE TABLE rfas (
    id        TEXT PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    workloads TEXT NOT NULL,                    -- comma-separated slugs
    status    TEXT NOT NULL CHECK (status IN ('approved', 'on-hold', 'cancelled')),
    on_date   TEXT NOT NULL
);
CREATE INDEX rfas_tenant ON rfas(tenant_id);

CREATE TABLE architects (
    name     TEXT PRIMARY KEY,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    regions  TEXT NOT NULL DEFAULT ''           -- comma-separated; empty = every region
);

CREATE TABLE fta_requests (
    id            INTEGER PRIMARY KEY,
    type          TEXT NOT NULL,
    route         TEXT NOT NULL CHECK (route IN ('fta', 'ftchelp')),
    requester     TEXT NOT NULL,
    tenant_id     INTEGER REFERENCES tenants(id),
    region        TEXT,
    received_on   TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    attachments   TEXT NOT NULL DEFAULT '',
    mailboxes     INTEGER,
    source_env    TEXT,
    justification TEXT,
    details       TEXT,
    architect     TEXT REFERENCES architects(name),
    assigned_on   TEXT,
    closed_on     TEXT
);
CREATE INDEX fta_requests_architect ON fta_requests(architect, closed_on);
CREATE INDEX fta_requests_due ON fta_requests(due_on);
CREATE INDEX fta_requests_tenant ON fta_requests(tenant_id);

-- Triaged feedback; FTC Insights move through a lifecycle and count
-- occurrences (one per tenant).
CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    summary     TEXT NOT NULL,
    route       TEXT NOT NULL,
    destination TEXT NOT NULL,
    category    TEXT,
    tenant_id   INTEGER REFERENCES tenants(id),
    workload    TEXT,
    answers     TEXT NOT NULL,                  -- the questions answered yes
    status      TEXT,                           -- FTC Insights: the lifecycle status
    created_on  TEXT NOT NULL,
    author      TEXT NOT NULL
);
CREATE TABLE feedback_occurrences (
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    on_date     TEXT NOT NULL,
    PRIMARY KEY (feedback_id, tenant_id)
) WITHOUT ROWID;

-- migration 5: tenants and customers that load in bulk
--
-- Their unique keys become named indexes, which a bulk import into an
-- empty database drops and builds once at the end (building an index is
-- several times cheaper than growing it row by row), and so do the
-- customers' blocking-key indexes (without them `tenant add` scans every
-- customer: 5 ms became 35 ms at 66,000 customers). A tenant
-- records the history entry of the import that added it (one entry per
-- import, not one per tenant). The checks on a value list are written
-- with OR: `x IN (...)` in a CHECK builds a lookup table on every
-- statement, which doubled the cost of an INSERT. Applied with foreign keys off, checked
-- with `PRAGMA foreign_key_check` before it commits.
CREATE TABLE customers_v5 (
    id          INTEGER PRIMARY KEY,
    tpid        INTEGER,                     -- top parent ID; NULL when not known yet
    name        TEXT    NOT NULL,
    norm_name   TEXT    NOT NULL,            -- normalised name (rule 4.6)
    key_suffix  TEXT    NOT NULL,            -- blocking key: last 4 letters of the first word
    initials    TEXT                         -- initials of a name of 3+ words
);
INSERT INTO customers_v5 (id, tpid, name, norm_name, key_suffix, initials)
    SELECT id, tpid, name, norm_name, key_suffix, initials FROM customers;
DROP TABLE customers;
ALTER TABLE customers_v5 RENAME TO customers;
CREATE UNIQUE INDEX customers_tpid ON customers(tpid);
CREATE INDEX customers_norm_name ON customers(norm_name);
CREATE INDEX customers_key_suffix ON customers(key_suffix);
CREATE INDEX customers_initials ON customers(initials);

CREATE TABLE tenants_v5 (
    id                INTEGER PRIMARY KEY,
    tenant_id         TEXT,                  -- lowercase GUID; NULL when not known yet
    domain            TEXT NOT NULL,         -- lowercase; its first label finds it too (a range scan)
    customer_id       INTEGER NOT NULL REFERENCES customers(id),
    region            TEXT CHECK (region = 'americas' OR region = 'emea' OR region = 'apj'),
    seats             INTEGER CHECK (seats >= 0),
    country           TEXT,
    source            TEXT NOT NULL CHECK (source = 'commerce' OR source = 'exception' OR source = 'rfa'),
    fm                TEXT,
    managed           INTEGER NOT NULL DEFAULT 1,
    winner_of         INTEGER REFERENCES customers(id), -- the customer it is the winner tenant of
    covid_rfa         INTEGER NOT NULL DEFAULT 0,
    goback_on         TEXT,
    wants_ftc         INTEGER,
    duplicate_invalid INTEGER NOT NULL DEFAULT 0,
    added_on          TEXT NOT NULL,
    next_due          TEXT,
    cadence_state     TEXT,
    added_by          INTEGER                -- history id of the import that added it
);
INSERT INTO tenants_v5 (id, tenant_id, domain, customer_id, region, seats, country, source, fm,
                        managed, winner_of, covid_rfa, goback_on, wants_ftc, duplicate_invalid,
                        added_on, next_due, cadence_state)
    SELECT id, tenant_id, domain, customer_id, region, seats, country, source, fm,
           managed, winner_of, covid_rfa, goback_on, wants_ftc, duplicate_invalid,
           added_on, next_due, cadence_state FROM tenants;
DROP TABLE tenants;
ALTER TABLE tenants_v5 RENAME TO tenants;
CREATE UNIQUE INDEX tenants_tenant_id ON tenants(tenant_id);
CREATE UNIQUE INDEX tenants_domain ON tenants(domain);
CREATE UNIQUE INDEX tenants_winner ON tenants(winner_of);
CREATE INDEX tenants_customer ON tenants(customer_id);
CREATE INDEX tenants_agenda ON tenants(fm COLLATE NOCASE, next_due, added_on);

-- migration 6: GoBack marks, the partner a PDM or PSE manages
--
-- A GoBack tenant's cadence starts over: the events recorded before it was
-- marked belong to the earlier engagement, even those dated on the GoBack
-- day, and only activity recorded before the mark counts for the CSS rule
-- (a send forced afterwards must not move the verdict). The marks are the
-- last IDs of cadence_events, notes and history when it was marked.
ALTER TABLE tenants ADD COLUMN goback_events_mark INTEGER;
ALTER TABLE tenants ADD COLUMN goback_notes_mark INTEGER;
ALTER TABLE tenants ADD COLUMN goback_history_mark INTEGER;
ALTER TABLE contacts ADD COLUMN partner_mpn TEXT;    -- a PDM or PSE: the MPN ID of the partner it manages

-- A tenant may list more than one candidate partner until one is confirmed
-- (seed 004: "list both possible partner names and ask the Account Team to
-- confirm"): one row per partner of a tenant, keyed by its MPN ID.
CREATE TABLE partners_v6 (
    tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
    name       TEXT NOT NULL,
    mpn        TEXT NOT NULL,
    deploying  TEXT NOT NULL DEFAULT '',         -- comma-separated workload slugs
    PRIMARY KEY (tenant_id, mpn)
);
INSERT INTO partners_v6 (tenant_id, name, mpn, deploying)
    SELECT tenant_id, name, mpn, deploying FROM partners;
DROP TABLE partners;
ALTER TABLE partners_v6 RENAME TO partners;

-- migration 7: the duplicate check weighs words by how rare they are
--
-- A customer's blocking keys (see `domain::names::NameKeys`), all short so
-- that a bulk load builds their indexes quickly: `key_prefix` (the first
-- four characters of the compact form: the canonical words without
-- spaces, which joined and split forms and abbreviations of common words
-- share), `key_suffix` (now: for a name of several words the start of the
-- words after the first; for one word its last four letters) and
-- `initials` (now: the initials of two words or more, their letters in
-- alphabetical order: the same words in another order share them). They
-- replace the index on `norm_name`. `name_words` counts in how many
-- customers' names each word appears (the word '' holds the number of
-- customers): the weights of the comparison. Filled by the program right
-- after this block (`store::customers::rebuild_name_keys`).
ALTER TABLE customers ADD COLUMN key_prefix TEXT NOT NULL DEFAULT '';
DROP INDEX customers_norm_name;
CREATE INDEX customers_key_prefix ON customers(key_prefix);
CREATE TABLE name_words (
    word TEXT PRIMARY KEY,
    names INTEGER NOT NULL
) WITHOUT ROWID;

-- Suspected duplicates a feed brought in: a new customer whose name looks
-- like an existing one's. On the agenda (`duplicate`) of the matched
-- customer's FM until `tenant set --customer` or `--not-duplicate`
-- resolves it.
CREATE TABLE suspects (
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),   -- the existing customer it looks like
    score       REAL NOT NULL,
    reason      TEXT NOT NULL,
    matched     TEXT NOT NULL DEFAULT '',
    differed    TEXT NOT NULL DEFAULT '',
    on_date     TEXT NOT NULL,
    resolved_on TEXT,
    PRIMARY KEY (tenant_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX suspects_customer ON suspects(customer_id);

-- migration 8: indexes a feed into a new database does not write
--
-- A tenant has no FM and is no customer's winner until someone says so, so
-- the two indexes on those columns hold only the tenants that have one: a
-- bulk load of new tenants adds nothing to them. One FM's tenants are
-- still found through `tenants_agenda` (`fm = ?` implies `fm IS NOT
-- NULL`); the winner stays unique per customer. `next_due` is no longer
-- read (the standing decides due dates), so it leaves the index.
DROP INDEX tenants_agenda;
CREATE INDEX tenants_agenda ON tenants(fm COLLATE NOCASE) WHERE fm IS NOT NULL;
DROP INDEX tenants_winner;
CREATE UNIQUE INDEX tenants_winner ON tenants(winner_of) WHERE winner_of IS NOT NULL;

-- migration 9: the partner's page (seed 002): usage, claims, referrals
--
-- A monthly usage feed: active users and paid available units of a
-- workload of a tenant in a month (`YYYY-MM`); Usage % is their ratio.
CREATE TABLE usage (
    tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
    workload     TEXT NOT NULL,
    month        TEXT NOT NULL,
    active_users INTEGER NOT NULL CHECK (active_users >= 0),
    paid_units   INTEGER NOT NULL CHECK (paid_units >= 0),
    PRIMARY KEY (tenant_id, workload, month)
) WITHOUT ROWID;
-- A partner's claim on a workload of a tenant: one claiming partner per
-- workload.
CREATE TABLE claims (
    tenant_id  INTEGER NOT NULL REFERENCES tenants(id),
    workload   TEXT NOT NULL,
    mpn        TEXT NOT NULL,
    claim_id   TEXT,
    claimed_on TEXT NOT NULL,
    PRIMARY KEY (tenant_id, workload)
) WITHOUT ROWID;
CREATE INDEX claims_mpn ON claims(mpn);
-- The FastTrack Ready Partner an `frp-referral` went to (NULL: not named
-- yet, the referral waits in its queue).
ALTER TABLE assignments ADD COLUMN frp_mpn TEXT;

-- migration 10: the order partners were listed in, kept in a column
--
-- A tenant's partners are shown in the order they were listed (the first
-- candidate first). The file kept that order in its hidden row IDs; a team
-- server has none, so both keep it in `position` (increasing as partners
-- are listed; an update keeps a partner's place).
ALTER TABLE partners ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE partners SET position = rowid;

-- migration 11: a tenant an FM moved to another customer stays there
--
-- `tenant set --customer` moves a tenant to the customer it really belongs
-- to (a suspected duplicate resolved). The feed still gives its old TPID:
-- while it names the customer the tenant was moved from (`feed_customer`),
-- an import leaves the tenant where the FM put it.
CREATE TABLE customer_pins (
    tenant_id     INTEGER PRIMARY KEY REFERENCES tenants(id),
    feed_customer INTEGER NOT NULL REFERENCES customers(id),
    pinned_on     TEXT NOT NULL
);

-- migration 12: names keyed by the twelfth session's rules
--
-- No table changes: the program works out every customer's name keys and
-- the word counts again after this block (`store::NAME_KEYS_MIGRATIONS`),
-- since names are now keyed with more abbreviations of common words
-- (`reference/name-abbreviations.txt`), more legal forms ("AB (publ)",
-- "Kabushiki Kaisha", "GmbH & Co. KG", "LP") and a small word at either
-- end of a name kept as a word of it ("Tomasz Le").

-- migration 13: "and" in the name's own language
--
-- No table changes: the program works out every customer's name keys and
-- the word counts again after this block (`store::NAME_KEYS_MIGRATIONS`),
-- since "og", "och", "e" and "en" ("and" in Norwegian and Danish, Swedish,
-- Italian and Portuguese, Dutch) are now small words like "and", "und" and
-- "et", left out of a name's words and of its initials.

-- migration 14: the blocking keys as lists of customers
--
-- The three indexes on the customers' blocking keys give way to one table
-- of lists: for each key a customer is found by (`StoredKeys::indexed`,
-- tagged `p` for the prefix, `s` for the suffix, `i` for the initials),
-- the IDs of the customers that have it, as a JSON array. A list that
-- grows one customer at a time does so in parts of at most 512 IDs, so
-- that adding one never rewrites a long list. 100,000 customers share
-- some 2,400 keys: a bulk load writes that many lists where it built
-- three indexes of 100,000 entries each (170 ms of a 680 ms import).
-- Filled by the program after this block
-- (`store::customers::rebuild_key_lists`). The server keeps its indexes
-- on the key columns.
DROP INDEX customers_key_prefix;
DROP INDEX customers_key_suffix;
DROP INDEX customers_initials;
CREATE TABLE name_keys (
    key  TEXT NOT NULL,
    part INTEGER NOT NULL,
    ids  TEXT NOT NULL,
    PRIMARY KEY (key, part)
) WITHOUT ROWID;

-- migration 15: names keyed by the seventeenth session's rules
--
-- No table changes: the program works out every customer's name keys,
-- the word counts and the key lists again after this block
-- (`store::NAME_KEYS_MIGRATIONS`), since more legal forms are dropped
-- from the end of a name ("e.K.", "UG (haftungsbeschränkt)", "EURL",
-- "S.N.C.", "ME", "EIRELI", "Ltd. Şti.", "P.C.", "N.A.", "S/A",
-- "Sp.j.", ...; "PT", "OOO", "JSC" ... before the name), "Securities"
-- is no longer made "Security", "i", "ve" and "ja" are "and" (Polish and
-- Croatian, Turkish, Finnish), "das" is a word (a surname), an article
-- that starts a name is a word of it and an initial ("Las Vegas", "Des
-- Moines"), and "Ave", "Ft" and "Assocs" are abbreviations.

-- migration 16: names keyed by the nineteenth session's rules
--
-- No table changes: the program works out every customer's name keys,
-- the word counts and the key lists again after this block
-- (`store::NAME_KEYS_MIGRATIONS`), since "S.A.E.", "W.L.L.", "DAC",
-- "Berhad", "PCL" and "S.E.N.C." are legal forms and "Dist", "Distr",
-- "Ets", "Fed", "Fin" and "F.lli" abbreviations.
