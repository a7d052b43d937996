package faults_test

import (
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// proc is a server process this test started, in its own process group
// so that SIGSTOP reaches every backend of it.
type proc struct {
	t    *testing.T
	name string
	port int
	argv []string
	cred *syscall.Credential // run as this user (PostgreSQL refuses root)
	cmd  *exec.Cmd
}

func (p *proc) start() {
	p.t.Helper()
	cmd := exec.Command(p.argv[0], p.argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: p.cred}
	log, _ := os.Create(filepath.Join(p.t.TempDir(), p.name+".log"))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start %s: %v", p.name, err)
	}
	p.cmd = cmd
	waitPort(p.t, p.port, true)
}

// signal sends sig to the whole process group and to every child (each
// PostgreSQL backend puts itself in a process group of its own).
func (p *proc) signal(sig syscall.Signal) {
	if p.cmd == nil {
		return
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, sig)
	for _, child := range children(p.cmd.Process.Pid) {
		_ = syscall.Kill(child, sig)
	}
}

// children lists the processes whose parent is pid, from /proc.
func children(pid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []int
	for _, path := range stats {
		raw, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces, so cut after ")".
		rest := string(raw[strings.LastIndexByte(string(raw), ')')+1:])
		fields := strings.Fields(rest)
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			if child, err := strconv.Atoi(filepath.Base(filepath.Dir(path))); err == nil {
				out = append(out, child)
			}
		}
	}
	return out
}

func (p *proc) pause()  { p.signal(syscall.SIGSTOP) }
func (p *proc) resume() { p.signal(syscall.SIGCONT) }

// stop ends the server (fast shutdown for PostgreSQL) and waits for it.
func (p *proc) stop() {
	if p.cmd == nil {
		return
	}
	p.signal(syscall.SIGCONT)
	p.signal(syscall.SIGINT)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.signal(syscall.SIGKILL)
		<-done
	}
	p.cmd = nil
	waitPort(p.t, p.port, false)
}

func waitPort(t *testing.T, port int, open bool) {
	t.Helper()
	for i := 0; i < 200; i++ {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		if (err == nil) == open {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("port %d never became open=%v", port, open)
}

// startPostgres initialises a cluster in a temporary directory and runs it
// as the postgres user on port.
func startPostgres(t *testing.T, port int) *proc {
	t.Helper()
	dir, err := os.MkdirTemp("", "faults-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
		t.Fatalf("chown: %v %s", err, out)
	}
	cred := postgresUser(t)
	initdb := exec.Command(pgBin(t, "initdb"), "-D", dir, "-A", "trust", "-U", "postgres")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v %s", err, out)
	}
	p := &proc{t: t, name: "postgres", port: port, cred: cred, argv: []string{pgBin(t, "postgres"), "-D", dir,
		"-p", strconv.Itoa(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"}}
	p.start()
	t.Cleanup(p.stop)
	return p
}

// postgresUser is the postgres account PostgreSQL runs as.
func postgresUser(t *testing.T) *syscall.Credential {
	u, err := user.Lookup("postgres")
	if err != nil {
		t.Skip("no postgres user")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}

// pgBin finds a PostgreSQL program on PATH or in Debian's directory.
func pgBin(t *testing.T, name string) string {
	if path, err := exec.LookPath(name); err == nil {
		return path
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		t.Skipf("%s not installed", name)
	}
	return matches[len(matches)-1]
}

// startRedis runs a Redis without persistence on port.
func startRedis(t *testing.T, port int) *proc {
	t.Helper()
	p := &proc{t: t, name: "redis", port: port, argv: []string{"redis-server", "--port", strconv.Itoa(port),
		"--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}}
	p.start()
	t.Cleanup(p.stop)
	return p
}
