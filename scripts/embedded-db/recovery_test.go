package main

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("leftover"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// A server killed while a dropped database was still open, or while it created a database, must
// start again by itself, and lose nothing that FerretDB had stored.
func TestRecoveryClearsWhatADroppedOrHalfCreatedDatabaseLeft(t *testing.T) {
	dir := t.TempDir()
	kept := filepath.Join(dir, "center.sqlite")
	createCollectionTable(t, kept, "tickets_1")
	writeFile(t, filepath.Join(dir, "dropped.sqlite-wal"))
	writeFile(t, filepath.Join(dir, "dropped.sqlite-shm"))

	halfCreated := filepath.Join(dir, "half.sqlite")
	db, err := sql.Open("sqlite", "file:"+halfCreated)
	if err != nil {
		t.Fatal(err)
	}
	if _, err = db.Exec(`PRAGMA user_version = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	done, err := recoverDataDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}

	if exists(filepath.Join(dir, "dropped.sqlite-wal")) || exists(filepath.Join(dir, "dropped.sqlite-shm")) {
		t.Fatal("a dropped database's log files are still there")
	}
	if exists(halfCreated) {
		t.Fatal("a database without FerretDB's catalogue is still among the files FerretDB opens")
	}
	setAside, _ := filepath.Glob(halfCreated + ".*" + setAsideSuffix)
	if len(setAside) != 1 {
		t.Fatalf("the half-created database was not kept aside (found %v)", setAside)
	}
	if !exists(kept) || !schemaHas(t, kept, "table", "tickets_1") {
		t.Fatal("a FerretDB database was touched")
	}
	if len(done) != 3 || !strings.Contains(strings.Join(done, "\n"), "half.sqlite") {
		t.Fatalf("what was done is not reported: %q", done)
	}
}
