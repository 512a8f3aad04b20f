package main

import (
	"context"
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
