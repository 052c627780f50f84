package journal

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// A migration moves the schema one version up. Migrations are applied in
// order at open, each in its own transaction with its version recorded, so a
// crash between two leaves a schema the next open continues from. They are
// never edited once released: a change is a new migration.
type migration struct {
	version int
	name    string
	sql     string // statements separated by ";\n"; {{id}} is the dialect's identity primary key
}

// Times are stored as Unix milliseconds (BIGINT) in both databases: one
// representation, cheap to index and compare, no time zone ambiguity.
var migrations = []migration{{
	version: 1,
	name:    "the journal",
	sql: `
CREATE TABLE calls (
	id             {{id}},
	call_id        TEXT NOT NULL,
	session_id     TEXT NOT NULL DEFAULT '',
	direction      TEXT NOT NULL DEFAULT '',
	name           TEXT NOT NULL DEFAULT '',
	number         TEXT NOT NULL DEFAULT '',
	number_key     TEXT NOT NULL DEFAULT '',
	person_id      TEXT NOT NULL DEFAULT '',
	line_id        TEXT NOT NULL DEFAULT '',
	line_label     TEXT NOT NULL DEFAULT '',
	queue          TEXT NOT NULL DEFAULT '',
	rang_ms        BIGINT NOT NULL,
	answered_ms    BIGINT,
	ended_ms       BIGINT,
	outcome        TEXT NOT NULL DEFAULT '',
	hold_ms        BIGINT NOT NULL DEFAULT 0,
	holds          BIGINT NOT NULL DEFAULT 0,
	hold_since_ms  BIGINT,
	target         TEXT NOT NULL DEFAULT '',
	target_key     TEXT NOT NULL DEFAULT '',
	retrieved_from TEXT NOT NULL DEFAULT '',
	CONSTRAINT calls_call_id UNIQUE (call_id)
);
CREATE INDEX calls_rang ON calls (rang_ms, id);
CREATE INDEX calls_number ON calls (number_key, rang_ms);
CREATE INDEX calls_session ON calls (session_id) WHERE session_id <> '';
CREATE INDEX calls_on_hold ON calls (hold_since_ms) WHERE hold_since_ms IS NOT NULL;
CREATE INDEX calls_missed ON calls (ended_ms) WHERE outcome = 'missed';
CREATE INDEX calls_target ON calls (target_key) WHERE target_key <> '';
CREATE TABLE holds (
	call_id  TEXT NOT NULL,
	start_ms BIGINT NOT NULL,
	end_ms   BIGINT,
	PRIMARY KEY (call_id, start_ms)
);
CREATE TABLE parked (
	call_id    TEXT PRIMARY KEY,
	session_id TEXT NOT NULL DEFAULT '',
	place      TEXT NOT NULL DEFAULT '',
	name       TEXT NOT NULL DEFAULT '',
	number     TEXT NOT NULL DEFAULT '',
	number_key TEXT NOT NULL DEFAULT '',
	person_id  TEXT NOT NULL DEFAULT '',
	line_id    TEXT NOT NULL DEFAULT '',
	line_label TEXT NOT NULL DEFAULT '',
	since_ms   BIGINT NOT NULL
);
CREATE TABLE callers (
	number_key TEXT PRIMARY KEY,
	number     TEXT NOT NULL,
	search     TEXT NOT NULL,
	last_ms    BIGINT NOT NULL
);
CREATE TABLE notes (
	id         {{id}},
	call_id    TEXT NOT NULL DEFAULT '',
	number     TEXT NOT NULL DEFAULT '',
	number_key TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL,
	author     TEXT NOT NULL DEFAULT '',
	created_ms BIGINT NOT NULL
);
CREATE INDEX notes_number ON notes (number_key, created_ms);
CREATE INDEX notes_call ON notes (call_id) WHERE call_id <> '';
CREATE INDEX notes_created ON notes (created_ms);
CREATE TABLE messages (
	id           {{id}},
	recipient    TEXT NOT NULL,
	recipient_id TEXT NOT NULL DEFAULT '',
	caller_name  TEXT NOT NULL DEFAULT '',
	number       TEXT NOT NULL DEFAULT '',
	number_key   TEXT NOT NULL DEFAULT '',
	call_id      TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	urgency      TEXT NOT NULL DEFAULT 'normal',
	state        TEXT NOT NULL DEFAULT 'not sent',
	reason       TEXT NOT NULL DEFAULT '',
	created_by   TEXT NOT NULL DEFAULT '',
	created_ms   BIGINT NOT NULL,
	updated_ms   BIGINT NOT NULL
);
CREATE INDEX messages_number ON messages (number_key, created_ms);
CREATE INDEX messages_created ON messages (created_ms);
CREATE TABLE callbacks (
	id         {{id}},
	number     TEXT NOT NULL,
	number_key TEXT NOT NULL,
	name       TEXT NOT NULL DEFAULT '',
	reason     TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	call_id    TEXT NOT NULL DEFAULT '',
	calls      BIGINT NOT NULL DEFAULT 1,
	created_ms BIGINT NOT NULL,
	last_ms    BIGINT NOT NULL,
	claimed_by TEXT NOT NULL DEFAULT '',
	claimed_ms BIGINT,
	done_by    TEXT NOT NULL DEFAULT '',
	done_ms    BIGINT,
	resolution TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX callbacks_open ON callbacks (number_key) WHERE done_ms IS NULL;
CREATE INDEX callbacks_created ON callbacks (created_ms);
CREATE INDEX callbacks_done ON callbacks (done_ms) WHERE done_ms IS NOT NULL;
CREATE TABLE contacts (
	id          {{id}},
	source      TEXT NOT NULL,
	name        TEXT NOT NULL,
	org         TEXT NOT NULL DEFAULT '',
	label       TEXT NOT NULL DEFAULT '',
	number      TEXT NOT NULL,
	number_key  TEXT NOT NULL,
	tail        TEXT NOT NULL DEFAULT '',
	imported_ms BIGINT NOT NULL
);
CREATE INDEX contacts_number ON contacts (number_key);
CREATE INDEX contacts_tail ON contacts (tail) WHERE tail <> '';
CREATE INDEX contacts_source ON contacts (source);
CREATE TABLE operator_state (
	operator TEXT NOT NULL,
	name     TEXT NOT NULL,
	value_ms BIGINT NOT NULL,
	PRIMARY KEY (operator, name)
)`,
}}

// schemaVersion is the version the code expects.
func schemaVersion() int { return migrations[len(migrations)-1].version }

// migrate brings the schema up to date. A database written by a newer
// callboard is refused rather than misread.
func migrate(ctx context.Context, db *sql.DB, d dialect) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    BIGINT PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_ms BIGINT NOT NULL
)`); err != nil {
		return fmt.Errorf("journal: create schema_migrations: %w", err)
	}
	for _, m := range migrations {
		if err := applyMigration(ctx, db, d, m); err != nil {
			return err
		}
	}
	var newest sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("journal: read the schema version: %w", err)
	}
	if int(newest.Int64) > schemaVersion() {
		return fmt.Errorf("journal: the database has schema version %d, newer than this callboard knows (%d): %w",
			newest.Int64, schemaVersion(), ErrInvalid)
	}
	return nil
}

// applyMigration applies m unless it already is. The dialect's lock makes
// two consoles opening a new PostgreSQL journal at once take turns.
func applyMigration(ctx context.Context, db *sql.DB, d dialect, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("journal: migration %d: begin: %w", m.version, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if d.migrationLock != "" {
		if _, err := tx.ExecContext(ctx, d.migrationLock); err != nil {
			return fmt.Errorf("journal: migration %d: lock: %w", m.version, err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
		return fmt.Errorf("journal: migration %d: %w", m.version, err)
	}
	if n > 0 {
		return nil
	}
	for _, stmt := range strings.Split(strings.ReplaceAll(m.sql, "{{id}}", d.identity), ";\n") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("journal: migration %d (%s): %w", m.version, m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_ms) VALUES ($1, $2, $3)`,
		m.version, m.name, time.Now().UnixMilli()); err != nil {
		return fmt.Errorf("journal: migration %d: record: %w", m.version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("journal: migration %d: commit: %w", m.version, err)
	}
	return nil
}
