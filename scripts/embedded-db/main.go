// Command embedded-db runs FerretDB (SQLite backend) as an embedded library so the project
// has a real MongoDB-compatible server on machines where no MongoDB binary can be installed.
//
// It listens on a Unix socket (owner only) unless asked for a TCP address, prints one line, the
// MongoDB URI, on stdout once the listener is bound, logs to a file,
// and exits when it receives SIGTERM/SIGINT or when its standard input closes, so it never
// outlives the Node.js process that started it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "", "TCP address to listen on instead of a Unix socket (port 0 picks a free port); anyone who can reach it connects without a password")
	socket := flag.String("socket", "", "Unix socket to listen on; default embedded-db.sock in the data directory")
	dataDir := flag.String("data", "data", "directory for the SQLite files")
	logFile := flag.String("log", "", "file to append logs to; empty discards them")
	watchStdin := flag.Bool("watch-stdin", true, "exit when standard input is closed")
	flag.Parse()

	if err := run(*listen, *socket, *dataDir, *logFile, *watchStdin); err != nil {
		fmt.Fprintln(os.Stderr, "embedded-db:", err)
		os.Exit(1)
	}
}

func run(listen, socket, dataDir, logFile string, watchStdin bool) error {
	// SQLite creates its database, WAL and shared-memory files with 0644 under the usual umask:
	// the callers' personal data would be readable by every account on the machine. Owner only.
	// The same umask makes the Unix socket 0700: FerretDB has no passwords, the socket's mode is the lock.
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

	listener := ferretdb.ListenerConfig{TCP: listen}
	if listen == "" {
		if socket == "" {
			socket = filepath.Join(absDataDir, "embedded-db.sock")
		}
		if socket, err = filepath.Abs(socket); err != nil {
			return err
		}
		if err = removeStaleSocket(socket); err != nil {
			return err
		}
		listener = ferretdb.ListenerConfig{Unix: socket}
	}

	// After the stale socket check: no other server may have these files open.
	recovered, err := recoverDataDir(context.Background(), absDataDir)
	for _, line := range recovered {
		logger.Warn("data folder recovered at start: " + line)
	}
	if err != nil {
		return err
	}

	db, err := ferretdb.New(&ferretdb.Config{
		Listener: listener,
		Logger:   logger,
		Handler:  "sqlite",
		// WAL (FerretDB's default) with synchronous=normal: an application crash loses nothing, and a
		// commit no longer waits for an fsync (a power cut may drop the last transactions). No commit
		// copies the WAL into the database file either: maintainDatabases does, in the background.
		// SQLite reuses the WAL file from its start once it is checkpointed, but never shrinks it:
		// after a burst (a bulk import, an index rebuild) it would keep the burst's size on disk for
		// good (40 GB after seeding a million tickets). journal_size_limit cuts it back when it restarts.
		SQLiteURL: "file:" + absDataDir + "/?_pragma=synchronous(normal)&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(" + walSizeLimit + ")",
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

	if listener.Unix != "" {
		fmt.Println(socketURI(listener.Unix))
	} else {
		fmt.Println(db.MongoDBURI())
	}

	return <-done
}

// staleSocketWait is how long a previous instance still answering on the socket may take to stop.
const staleSocketWait = 15 * time.Second

// maxSocketPathBytes is what fits in sockaddr_un.sun_path (108 bytes on Linux) with its final NUL.
const maxSocketPathBytes = 107

// removeStaleSocket deletes the socket file a killed instance left behind (a clean stop removes it),
// so that listening does not fail with "address already in use". A socket someone still answers on
// is waited for: it is most often the previous instance still closing (its server was killed, and it
// stops once its standard input closed), and two servers must never share one data directory.
func removeStaleSocket(path string) error {
	if len(path) > maxSocketPathBytes {
		return fmt.Errorf("the socket path %s is longer than %d bytes; pass a shorter -socket", path, maxSocketPathBytes)
	}
	info, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("%s exists and is not a socket", path)
	}
	for deadline := time.Now().Add(staleSocketWait); ; time.Sleep(100 * time.Millisecond) {
		conn, err := net.DialTimeout("unix", path, time.Second)
		if err != nil {
			break
		}
		conn.Close()
		if time.Now().After(deadline) {
			return fmt.Errorf("another server still listens on %s after %s", path, staleSocketWait)
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// socketURI is the MongoDB URI of a Unix socket: the driver wants the path as the host, every byte
// that is not unreserved percent-encoded (slashes too), and the name ending in ".sock".
func socketURI(path string) string {
	var host strings.Builder
	for _, b := range []byte(path) {
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.' || b == '~' {
			host.WriteByte(b)
		} else {
			fmt.Fprintf(&host, "%%%02X", b)
		}
	}
	return "mongodb://" + host.String() + "/"
}
