package main

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// setAsideSuffix is appended to a database file FerretDB could not open, moving it out of the
// *.sqlite files FerretDB reads at start while keeping every byte of it.
const setAsideSuffix = ".set-aside"

// recoverDataDir prepares the data folder for FerretDB, before it opens anything, so that a server
// killed at a bad moment starts again by itself:
//   - the write-ahead log and shared-memory files of a dropped database (FerretDB removes only the
//     database file, and leaves the other two when a connection still held it) are removed: a new
//     database of the same name would otherwise replay the old one's log;
//   - a database file without FerretDB's catalogue (created, then the server died before the
//     catalogue's first commit) is set aside: FerretDB refuses to start while one is there
//     ("no such table: _ferretdb_collections").
//
// It returns what it did, one line per file, for the log.
func recoverDataDir(ctx context.Context, dataDir string) ([]string, error) {
	var done []string

	for _, suffix := range []string{"-wal", "-shm"} {
		leftovers, err := filepath.Glob(filepath.Join(dataDir, "*.sqlite"+suffix))
		if err != nil {
			return done, err
		}
		for _, leftover := range leftovers {
			database := strings.TrimSuffix(leftover, suffix)
			if _, err := os.Stat(database); !errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err := os.Remove(leftover); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return done, err
			}
			done = append(done, "removed "+filepath.Base(leftover)+", left by a dropped database")
		}
	}

	files, err := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
	if err != nil {
		return done, err
	}
	for _, file := range files {
		ours, err := holdsFerretDBCatalogue(ctx, file)
		if err != nil {
			return done, err
		}
		if ours {
			continue
		}
		setAside := file + "." + time.Now().UTC().Format("20060102T150405") + setAsideSuffix
		if err := os.Rename(file, setAside); err != nil {
			return done, err
		}
		done = append(done, "set aside "+filepath.Base(file)+" as "+filepath.Base(setAside)+": it has no FerretDB catalogue")
	}

	return done, nil
}

// holdsFerretDBCatalogue tells whether a database file has FerretDB's table of collections. Opening
// it replays its write-ahead log first, so a catalogue committed only to the log counts.
func holdsFerretDBCatalogue(ctx context.Context, file string) (bool, error) {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return false, err
	}
	defer db.Close()

	var tables int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).Scan(&tables)
	return tables == 1, err
}
