// Command embedded-db runs FerretDB (SQLite backend) as an embedded library so the project
// has a real MongoDB-compatible server on machines where no MongoDB binary can be installed.
//
// It prints one line, the MongoDB URI, on stdout once the listener is bound, logs to a file,
// and exits when it receives SIGTERM/SIGINT or when its standard input closes, so it never
// outlives the Node.js process that started it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on; port 0 picks a free port")
	dataDir := flag.String("data", "data", "directory for the SQLite files")
	logFile := flag.String("log", "", "file to append logs to; empty discards them")
	watchStdin := flag.Bool("watch-stdin", true, "exit when standard input is closed")
	flag.Parse()

	if err := run(*listen, *dataDir, *logFile, *watchStdin); err != nil {
		fmt.Fprintln(os.Stderr, "embedded-db:", err)
		os.Exit(1)
	}
}

func run(listen, dataDir, logFile string, watchStdin bool) error {
	// SQLite creates its database, WAL and shared-memory files with 0644 under the usual umask:
	// the callers' personal data would be readable by every account on the machine. Owner only.
	syscall.Umask(0o077)

	absDataDir, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err = os.MkdirAll(absDataDir, 0o700); err != nil {
		return err
	}

	logOutput := io.Discard
	if logFile != "" {
		f, err := os.OpenFile(logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		logOutput = f
	}
	logger := slog.New(slog.NewJSONHandler(logOutput, &slog.HandlerOptions{Level: slog.LevelWarn}))

	db, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: listen},
		Logger:   logger,
		Handler:  "sqlite",
		// WAL (FerretDB's default) with synchronous=normal: an application crash loses nothing, and a
		// commit no longer waits for an fsync (a power cut may drop the last transactions). No commit
		// copies the WAL into the database file either: maintainDatabases does, in the background.
		SQLiteURL: "file:" + absDataDir + "/?_pragma=synchronous(normal)&_pragma=wal_autocheckpoint(0)",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	if watchStdin {
		go func() {
			// Read returns only at EOF or error: the parent process has gone away.
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- db.Run(ctx) }()
	go maintainDatabases(ctx, absDataDir, logger)

	fmt.Println(db.MongoDBURI())

	return <-done
}
