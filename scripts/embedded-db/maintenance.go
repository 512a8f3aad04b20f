package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	// The SQLite driver FerretDB itself uses (registered as "sqlite").
	_ "modernc.org/sqlite"
)

// maintenanceInterval is how soon a new collection gets its _id path index, and how often the
// write-ahead log is copied into the database file.
const maintenanceInterval = 500 * time.Millisecond

// walSizeLimit is the size, in bytes, a WAL file is cut back to whenever it restarts (64 MiB).
const walSizeLimit = "67108864"

// maintainDatabases does two things FerretDB 1.24 does not do well, for every SQLite file, until ctx ends.
//
// _id path indexes: FerretDB pushes a filter on _id alone down as
// `WHERE _ferretdb_sjson->'$._id' = ?`, but its own unique _id index is on the expression
// `_ferretdb_sjson->"_id"`, which SQLite does not recognise as the same, so every lookup, update
// and delete by _id scans the table (about 7 µs a row: 150 ms for a missing _id among 20,000
// documents). This adds, to every collection table, an index on exactly the pushed-down
// expression, so those statements use it. FerretDB does not know of these indexes (they are not
// listed by listIndexes); SQLite maintains them and drops them with their table.
//
// Checkpoints: SQLite copies the WAL into the database file (an automatic checkpoint) on the commit
// that makes the WAL pass 1,000 pages, and that commit waits for the copy and its fsync: under a
// steady write load, every request queued behind it for 50–70 ms every few seconds. FerretDB's
// connections therefore never checkpoint (wal_autocheckpoint(0), see main.go); this loop does, from
// a connection of its own, in PASSIVE mode, which neither waits for nor blocks readers and writers.
func maintainDatabases(ctx context.Context, dataDir string, logger *slog.Logger) {
	ticker := time.NewTicker(maintenanceInterval)
	defer ticker.Stop()

	maintained := map[string]fileState{}
	for {
		if err := maintainFiles(ctx, dataDir, maintained); err != nil && ctx.Err() == nil {
			logger.WarnContext(ctx, "database maintenance failed; will retry", slog.String("error", err.Error()))
		}

		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// fileState is what a database's files looked like when its last maintenance began: while they
// stay so, no collection was created and nothing was written, so there is nothing to do.
type fileState struct {
	size, walSize         int64
	modified, walModified time.Time
}

func stateOf(file string) (fileState, error) {
	info, err := os.Stat(file)
	if err != nil {
		return fileState{}, err
	}
	state := fileState{size: info.Size(), modified: info.ModTime()}
	if wal, err := os.Stat(file + "-wal"); err == nil {
		state.walSize, state.walModified = wal.Size(), wal.ModTime()
	}
	return state, nil
}

// maintainFiles opens only the databases written since their last maintenance: each open holds the
// file for a moment, and a data folder can hold many idle databases.
func maintainFiles(ctx context.Context, dataDir string, maintained map[string]fileState) error {
	files, err := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
	if err != nil {
		return err
	}

	present := make(map[string]bool, len(files))
	for _, file := range files {
		present[file] = true
		before, err := stateOf(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if last, ok := maintained[file]; ok && last == before {
			continue
		}
		if err = maintainFile(ctx, file); err != nil {
			// A database dropped since the listing: nothing to maintain.
			if _, statErr := os.Stat(file); errors.Is(statErr, fs.ErrNotExist) {
				continue
			}
			return err
		}
		// As seen before the work: a write during it (a collection created after the listing of
		// tables) brings the file back next time, and so does the work's own checkpoint, once.
		maintained[file] = before
	}
	for file := range maintained {
		if !present[file] {
			delete(maintained, file)
		}
	}

	return nil
}

func maintainFile(ctx context.Context, file string) error {
	// mode=rw: never create the file. A database FerretDB drops between the listing and this open
	// would otherwise come back as an empty SQLite file without FerretDB's tables, which FerretDB
	// then refuses at its next start ("no such table: _ferretdb_collections").
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)&_pragma=journal_size_limit("+walSizeLimit+")")
	if err != nil {
		return err
	}
	defer db.Close()

	// FerretDB's own tables start with _ferretdb_; collection tables have the _ferretdb_sjson column.
	rows, err := db.QueryContext(ctx, `
		SELECT t.name FROM sqlite_master t
		WHERE t.type = 'table' AND t.name NOT LIKE '\_ferretdb\_%' ESCAPE '\'
		AND EXISTS (SELECT 1 FROM pragma_table_info(t.name) c WHERE c.name = '_ferretdb_sjson')
		AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = t.name || '__id_path')`)
	if err != nil {
		return err
	}

	var tables []string
	for rows.Next() {
		var name string
		if err = rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err = rows.Err(); err != nil {
		return err
	}

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"__id_path", table)
		if _, err = db.ExecContext(ctx, q); err != nil {
			return err
		}
	}

	_, err = db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	return err
}
