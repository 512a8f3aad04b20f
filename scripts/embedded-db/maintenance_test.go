package main

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// A database dropped between the listing and its maintenance must not come back as an empty file,
// which FerretDB would refuse at its next start.
func TestMaintenanceNeverCreatesADroppedDatabase(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dropped.sqlite")
	if err := maintainFile(context.Background(), file); err == nil {
		t.Fatal("maintaining a missing database file succeeded")
	}
	if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the missing database file was created (stat: %v)", err)
	}
}

func createCollectionTable(t *testing.T, file, table string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=journal_mode(wal)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err = db.Exec(`CREATE TABLE IF NOT EXISTS _ferretdb_collections (name TEXT)`); err != nil {
		t.Fatal(err)
	}
	if _, err = db.Exec(`CREATE TABLE "` + table + `" (_ferretdb_sjson TEXT)`); err != nil {
		t.Fatal(err)
	}
}

// schemaHas tells whether a database file has a table or an index ("table", "index") of that name.
func schemaHas(t *testing.T, file, kind, name string) bool {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var count int
	if err = db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = ? AND name = ?`, kind, name).Scan(&count); err != nil {
		t.Fatal(err)
	}
	return count == 1
}

// Idle databases are skipped, but never one written since: a collection created after a pass gets
// its _id path index at the next one.
func TestMaintenanceIndexesCollectionsCreatedAfterAPass(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "center.sqlite")
	createCollectionTable(t, file, "tickets_1")
	maintained := map[string]fileState{}

	if err := maintainFiles(context.Background(), dir, maintained); err != nil {
		t.Fatal(err)
	}
	if !schemaHas(t, file, "index", "tickets_1__id_path") {
		t.Fatal("the first pass did not index the collection")
	}
	if err := maintainFiles(context.Background(), dir, maintained); err != nil {
		t.Fatal(err)
	}

	createCollectionTable(t, file, "calls_2")
	if err := maintainFiles(context.Background(), dir, maintained); err != nil {
		t.Fatal(err)
	}
	if !schemaHas(t, file, "index", "calls_2__id_path") {
		t.Fatal("a collection created after a pass was skipped")
	}
}
