package webhooks

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"passwordless/internal/clocktest"
	"passwordless/storage/storagetest"
)

// resolverTo is a resolver whose DNS server, on 127.0.0.1, answers every
// name with addr: the dialer's real lookup path, with an answer of ours,
// as a rebinding name would give.
func resolverTo(t *testing.T, addr netip.Addr) *net.Resolver {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if out, err := answer(buf[:n], addr); err == nil {
				_, _ = pc.WriteTo(out, from)
			}
		}
	}()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", pc.LocalAddr().String())
	}}
}

// answer is the reply to query: addr for an A (IPv4) or AAAA (IPv6)
// question, no record for the other.
func answer(query []byte, addr netip.Addr) ([]byte, error) {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		return nil, err
	}
	q, err := p.Question()
	if err != nil {
		return nil, err
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true})
	b.EnableCompression()
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(q); err != nil {
		return nil, err
	}
	if err := b.StartAnswers(); err != nil {
		return nil, err
	}
	rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 1}
	switch {
	case q.Type == dnsmessage.TypeA && addr.Is4():
		err = b.AResource(rh, dnsmessage.AResource{A: addr.As4()})
	case q.Type == dnsmessage.TypeAAAA && addr.Is6():
		err = b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: addr.As16()})
	}
	if err != nil {
		return nil, err
	}
	return b.Finish()
}

// TestWorker_RefusesANameResolvingToASpecialPurposeAddress: an endpoint
// added by name (allowed: a name is no address) whose name resolves, when
// the worker connects, into a refused range is not dialled: the attempt
// fails with "target address not allowed". With private targets allowed
// (development) the same path reaches a receiver on loopback.
func TestWorker_RefusesANameResolvingToASpecialPurposeAddress(t *testing.T) {
	db := storagetest.SQLite(t)
	clock := clocktest.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	svc, err := New(Options{DB: db, TokenSecret: []byte("test-token-secret-0123456789abcdef"), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	for i, addr := range refused {
		t.Run(addr, func(t *testing.T) {
			tenant := "app-" + strings.NewReplacer(":", "-", ".", "-").Replace(addr)
			ep, err := svc.Add(context.Background(), tenant, AddRequest{URL: "https://rebind.example:8443/in",
				Events: []string{UserDeleted}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.SendTest(context.Background(), tenant, ep.ID); err != nil {
				t.Fatal(err)
			}
			w := NewWorker(svc, WorkerOptions{Timeout: 2 * time.Second})
			w.client = newClient(clientOptions{timeout: time.Second, connect: time.Second, header: time.Second,
				resolver: resolverTo(t, netip.MustParseAddr(addr))})
			if n, err := w.RunOnce(context.Background()); n != 1 || err != nil {
				t.Fatalf("RunOnce = %d, %v (case %d)", n, err, i)
			}
			ds, err := svc.Deliveries(context.Background(), tenant, ep.ID)
			if err != nil || len(ds) != 1 || ds[0].Attempts != 1 || ds[0].LastError != "target address not allowed" {
				t.Errorf("deliveries = %+v, %v; want one attempt refused: target address not allowed", ds, err)
			}
		})
	}
	t.Run("private targets allowed", func(t *testing.T) {
		rcv := newCounter(t)
		dev := newTestService(t, db, clock) // WEBHOOKS_ALLOW_PRIVATE=1
		port := rcv.srv.URL[strings.LastIndex(rcv.srv.URL, ":"):]
		ids := queue(t, dev, "dev", "http://rebind.example"+port+"/in", 1)
		w := NewWorker(dev, WorkerOptions{})
		w.client = newClient(clientOptions{timeout: time.Second, connect: time.Second, header: time.Second,
			allowPrivate: true, resolver: resolverTo(t, netip.MustParseAddr("127.0.0.1"))})
		runUntilIdle(t, w)
		if got := rcv.counts(); got[ids[0]] != 1 {
			t.Errorf("the loopback receiver got %v, want the message %s", got, ids[0])
		}
	})
}
