package deploy_test

// The Kubernetes manifests are checked without a cluster or network: each
// one is decoded strictly into the typed k8s.io/api structs, so a misspelt
// or misplaced field fails here instead of being dropped by the API server,
// and what they say is checked against the server itself (its routes, the
// variables it reads, the image's user). This is a module of its own
// because k8s.io/api costs minutes of compilation on a small machine; .ci/run
// runs it once, outside the root module's `go test ./...` and `-race`.

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

const dir = "kubernetes"

// newObject returns the typed object for a manifest's apiVersion and kind;
// anything else is a kind these manifests are not meant to hold.
func newObject(tm metav1.TypeMeta) any {
	switch tm.APIVersion + "/" + tm.Kind {
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}
	case "batch/v1/Job":
		return &batchv1.Job{}
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}
	case "v1/Service":
		return &corev1.Service{}
	case "v1/Secret":
		return &corev1.Secret{}
	}
	return nil
}

// strictDecode decodes as the API server does with strict field
// validation: YAML to JSON (a duplicate key is an error), then JSON into
// obj with keys matched case-sensitively (encoding/json would take
// "containerport" for containerPort) and no unknown field.
func strictDecode(raw []byte, obj any) error {
	j, err := yaml.YAMLToJSONStrict(raw)
	if err != nil {
		return err
	}
	strict, err := kjson.UnmarshalStrict(j, obj)
	if err != nil {
		return err
	}
	return errors.Join(strict...)
}

// decode reads a manifest strictly into its typed object.
func decode(t *testing.T, raw []byte, name string) any {
	t.Helper()
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(raw, &tm); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	obj := newObject(tm)
	if obj == nil {
		t.Fatalf("%s: unexpected apiVersion %q kind %q", name, tm.APIVersion, tm.Kind)
	}
	if err := strictDecode(raw, obj); err != nil {
		t.Fatalf("%s does not match the %s schema: %v", name, tm.Kind, err)
	}
	return obj
}

func load[T any](t *testing.T, file string) *T {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	obj, ok := decode(t, raw, file).(*T)
	if !ok {
		t.Fatalf("%s holds %T, want %T", file, obj, new(T))
	}
	return obj
}

func manifests(t *testing.T) (d *appsv1.Deployment, j *batchv1.Job, svc *corev1.Service, pdb *policyv1.PodDisruptionBudget, sec *corev1.Secret) {
	t.Helper()
	return load[appsv1.Deployment](t, "deployment.yaml"), load[batchv1.Job](t, "migrate-job.yaml"),
		load[corev1.Service](t, "service.yaml"), load[policyv1.PodDisruptionBudget](t, "pdb.yaml"),
		load[corev1.Secret](t, "secret.example.yaml")
}

func TestManifests_DecodeStrictlyIntoKubernetesTypes(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(paths) < 5 {
		t.Fatalf("found %d manifests in %s", len(paths), dir)
	}
	for _, p := range paths {
		if filepath.Base(p) == "kustomization.yaml" {
			continue
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		decode(t, raw, p)
	}
}

// TestManifests_StrictDecodingCatchesMisspelling proves the check above
// can fail: one misspelt field is an error, not a dropped probe.
func TestManifests_StrictDecodingCatchesMisspelling(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(dir, "deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, typo := range [][2]string{
		{"readinessProbe:", "readinesProbe:"},                 // unknown
		{"containerPort:", "containerport:"},                  // case
		{"    spec:\n", "    spec:\n      replicas: 3\n"},     // misplaced (pod spec)
		{"  replicas: 3\n", "  replicas: 3\n  replicas: 2\n"}, // duplicate
	} {
		bad := strings.Replace(string(raw), typo[0], typo[1], 1)
		if err := strictDecode([]byte(bad), &appsv1.Deployment{}); err == nil {
			t.Errorf("%s decoded without error", typo[1])
		}
	}
}

// TestKustomization_ListsEveryManifestButTheSecret: `kubectl apply -k`
// applies every manifest, and never the example Secret's placeholders.
func TestKustomization_ListsEveryManifestButTheSecret(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var k struct {
		APIVersion string   `json:"apiVersion"`
		Kind       string   `json:"kind"`
		Resources  []string `json:"resources"`
		Images     []struct {
			Name    string `json:"name"`
			NewName string `json:"newName"`
			NewTag  string `json:"newTag"`
		} `json:"images"`
	}
	if err := strictDecode(raw, &k); err != nil {
		t.Fatalf("kustomization.yaml: %v", err)
	}
	if k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" {
		t.Errorf("kustomization.yaml is %s %s", k.APIVersion, k.Kind)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	var want []string
	for _, p := range paths {
		if b := filepath.Base(p); b != "kustomization.yaml" && b != "secret.example.yaml" {
			want = append(want, b)
		}
	}
	got := slices.Sorted(slices.Values(k.Resources))
	if !slices.Equal(got, want) {
		t.Errorf("resources %v, want %v", got, want)
	}
	d, _, _, _, _ := manifests(t)
	if len(k.Images) != 1 || k.Images[0].Name != d.Spec.Template.Spec.Containers[0].Image {
		t.Errorf("images %+v do not rename the Deployment's image %q", k.Images, d.Spec.Template.Spec.Containers[0].Image)
	}
}

// TestDeployment_ProbesHitTheHealthRoutes: liveness on /health/http (up,
// even while starting), readiness on /health/storage (dependencies
// answer, not draining), on the port the server listens on and the
// Service sends to.
func TestDeployment_ProbesHitTheHealthRoutes(t *testing.T) {
	d, _, svc, _, _ := manifests(t)
	routes, err := os.ReadFile("../api/routes.go")
	if err != nil {
		t.Fatal(err)
	}
	c := d.Spec.Template.Spec.Containers[0]
	port := containerPort(t, c, "http")
	if listen := envValue(c, "LISTEN_ADDR"); listen != ":"+port {
		t.Errorf("LISTEN_ADDR %q, but the container port is %s", listen, port)
	}
	for _, p := range []struct {
		name  string
		probe *corev1.Probe
		path  string
	}{{"liveness", c.LivenessProbe, "/health/http"}, {"readiness", c.ReadinessProbe, "/health/storage"}} {
		if p.probe == nil || p.probe.HTTPGet == nil {
			t.Errorf("no HTTP %s probe", p.name)
			continue
		}
		if p.probe.HTTPGet.Path != p.path {
			t.Errorf("%s probe on %s, want %s", p.name, p.probe.HTTPGet.Path, p.path)
		}
		if !strings.Contains(string(routes), `GET("`+p.probe.HTTPGet.Path+`"`) {
			t.Errorf("%s probe path %s is not a GET route in api/routes.go", p.name, p.probe.HTTPGet.Path)
		}
		if p.probe.HTTPGet.Port.String() != "http" {
			t.Errorf("%s probe port %s, want the named port http", p.name, p.probe.HTTPGet.Port.String())
		}
		// /health/storage gives each dependency two seconds.
		if p.probe.TimeoutSeconds < 3 && p.name == "readiness" {
			t.Errorf("readiness timeout %ds is shorter than the check's own 2 s", p.probe.TimeoutSeconds)
		}
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].TargetPort.String() != "http" {
		t.Errorf("Service ports %+v do not target the named port http", svc.Spec.Ports)
	}
	// preStop, SHUTDOWN_DRAIN (2 s) and 20 s for in-flight requests fit
	// in the grace period, so no request is cut by SIGKILL.
	var preStop int64
	if c.Lifecycle != nil && c.Lifecycle.PreStop != nil && c.Lifecycle.PreStop.Sleep != nil {
		preStop = c.Lifecycle.PreStop.Sleep.Seconds
	}
	if g := d.Spec.Template.Spec.TerminationGracePeriodSeconds; g == nil || *g < preStop+2+20 {
		t.Errorf("terminationGracePeriodSeconds %v < preStop %d + drain 2 + 20", g, preStop)
	}
}

// TestManifests_SharedSettingsComeFromTheSecret: every replica reads the
// same database, Redis, management key and token secret; a generated
// MANAGEMENT_KEY or TOKEN_SECRET would differ per pod.
func TestManifests_SharedSettingsComeFromTheSecret(t *testing.T) {
	d, j, _, _, sec := manifests(t)
	check := func(what string, c corev1.Container, names []string) {
		for _, name := range names {
			ref := secretRef(c, name)
			if ref == nil {
				t.Errorf("%s: %s is not read from a Secret", what, name)
				continue
			}
			if ref.Name != sec.Name || ref.Key != name {
				t.Errorf("%s: %s from secret %s key %s, want %s key %s", what, name, ref.Name, ref.Key, sec.Name, name)
			}
			if _, ok := sec.StringData[name]; !ok {
				t.Errorf("secret.example.yaml has no %s", name)
			}
		}
	}
	check("Deployment", d.Spec.Template.Spec.Containers[0], []string{"DATABASE_URL", "REDIS_URL", "MANAGEMENT_KEY", "TOKEN_SECRET"})
	check("Job", j.Spec.Template.Spec.Containers[0], []string{"DATABASE_URL"})
}

// TestManifests_SetOnlyVariablesTheServerReads catches a misspelt
// variable, which the server would silently ignore: each name must be in
// the README's configuration table and in cmd/passwordless's source.
func TestManifests_SetOnlyVariablesTheServerReads(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, config, _ := strings.Cut(string(readme), "\n## Configuration\n")
	config, _, _ = strings.Cut(config, "\n## ")
	var source strings.Builder
	paths, _ := filepath.Glob("../cmd/passwordless/*.go")
	for _, p := range paths {
		if !strings.HasSuffix(p, "_test.go") {
			b, _ := os.ReadFile(p)
			source.Write(b)
		}
	}
	goRuntime := []string{"GOMEMLIMIT", "GOMAXPROCS", "GOGC"}
	d, j, _, _, _ := manifests(t)
	for _, c := range append(d.Spec.Template.Spec.Containers, j.Spec.Template.Spec.Containers...) {
		if len(c.EnvFrom) > 0 {
			t.Errorf("%s uses envFrom: name each variable so it can be checked", c.Name)
		}
		for _, e := range c.Env {
			if slices.Contains(goRuntime, e.Name) {
				continue
			}
			if !strings.Contains(config, "| `"+e.Name+"` |") || !strings.Contains(source.String(), `"`+e.Name+`"`) {
				t.Errorf("%s sets %s, which the server does not read (README Configuration, cmd/passwordless)", c.Name, e.Name)
			}
		}
	}
}

// TestManifests_RunLockedDown: non-root as the image's own user, read-only
// root file system with DATA_DIR on an emptyDir, no privilege escalation
// or capabilities, resources requested and memory bounded.
func TestManifests_RunLockedDown(t *testing.T) {
	dockerfile, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	user := regexp.MustCompile(`(?m)^USER (\d+)`).FindStringSubmatch(string(dockerfile))
	if user == nil {
		t.Fatal("the Dockerfile has no numeric USER")
	}
	d, j, _, _, _ := manifests(t)
	for what, pod := range map[string]corev1.PodSpec{"Deployment": d.Spec.Template.Spec, "Job": j.Spec.Template.Spec} {
		psc := pod.SecurityContext
		if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil {
			t.Errorf("%s: pod does not run as non-root", what)
		} else if got := *psc.RunAsUser; user[1] != strconv.FormatInt(got, 10) {
			t.Errorf("%s: runAsUser %d, the image's user is %s", what, got, user[1])
		}
		if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
			t.Errorf("%s: mounts a service account token it never uses", what)
		}
		emptyDirs := map[string]bool{}
		for _, v := range pod.Volumes {
			emptyDirs[v.Name] = v.EmptyDir != nil
		}
		for _, c := range pod.Containers {
			sc := c.SecurityContext
			if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
				sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
				sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
				t.Errorf("%s/%s: want readOnlyRootFilesystem, no privilege escalation, capabilities dropped", what, c.Name)
			}
			dataDir := envValue(c, "DATA_DIR")
			if !slices.ContainsFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool {
				return m.MountPath == dataDir && emptyDirs[m.Name]
			}) {
				t.Errorf("%s/%s: DATA_DIR %q is not a mounted emptyDir on a read-only root", what, c.Name, dataDir)
			}
			r := c.Resources
			if r.Requests.Cpu().IsZero() || r.Requests.Memory().IsZero() || r.Limits.Memory().IsZero() {
				t.Errorf("%s/%s: resources %+v lack cpu/memory requests or a memory limit", what, c.Name, r)
			}
		}
	}
}

// TestManifests_MigrateJobAndServerPods: the Job runs `migrate` with the
// server's image; the Service and the PodDisruptionBudget select the
// server's pods only, and the budget leaves most replicas up.
func TestManifests_MigrateJobAndServerPods(t *testing.T) {
	d, j, svc, pdb, _ := manifests(t)
	server, migrate := d.Spec.Template.Spec.Containers[0], j.Spec.Template.Spec.Containers[0]
	if !slices.Equal(server.Args, []string{"serve"}) || !slices.Equal(migrate.Args, []string{"migrate"}) ||
		len(server.Command)+len(migrate.Command) > 0 {
		t.Errorf("server runs %v %v, migration %v %v; want the image's entrypoint with serve and migrate",
			server.Command, server.Args, migrate.Command, migrate.Args)
	}
	if migrate.Image != server.Image {
		t.Errorf("the Job runs %s, the Deployment %s", migrate.Image, server.Image)
	}
	if rp := j.Spec.Template.Spec.RestartPolicy; rp != corev1.RestartPolicyNever && rp != corev1.RestartPolicyOnFailure {
		t.Errorf("Job restartPolicy %q", rp)
	}
	if d.Spec.Replicas == nil || *d.Spec.Replicas < 2 {
		t.Errorf("replicas %v: want several", d.Spec.Replicas)
	}
	podLabels, jobLabels := d.Spec.Template.Labels, j.Spec.Template.Labels
	matches := func(sel, labels map[string]string) bool {
		for k, v := range sel {
			if labels[k] != v {
				return false
			}
		}
		return len(sel) > 0
	}
	for what, sel := range map[string]map[string]string{"Deployment": d.Spec.Selector.MatchLabels,
		"Service": svc.Spec.Selector, "PodDisruptionBudget": pdb.Spec.Selector.MatchLabels} {
		if !matches(sel, podLabels) || matches(sel, jobLabels) {
			t.Errorf("%s selector %v: want the server's pods %v and not the Job's %v", what, sel, podLabels, jobLabels)
		}
	}
	if (pdb.Spec.MaxUnavailable == nil) == (pdb.Spec.MinAvailable == nil) {
		t.Error("PodDisruptionBudget: set exactly one of maxUnavailable, minAvailable")
	} else if pdb.Spec.MaxUnavailable != nil && pdb.Spec.MaxUnavailable.IntValue() >= int(*d.Spec.Replicas) {
		t.Errorf("PodDisruptionBudget maxUnavailable %s lets every replica go", pdb.Spec.MaxUnavailable.String())
	}
}

func containerPort(t *testing.T, c corev1.Container, name string) string {
	t.Helper()
	for _, p := range c.Ports {
		if p.Name == name {
			return strconv.Itoa(int(p.ContainerPort))
		}
	}
	t.Fatalf("container %s has no port named %s", c.Name, name)
	return ""
}

func envValue(c corev1.Container, name string) string {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

func secretRef(c corev1.Container, name string) *corev1.SecretKeySelector {
	for _, e := range c.Env {
		if e.Name == name && e.Value == "" && e.ValueFrom != nil {
			return e.ValueFrom.SecretKeyRef
		}
	}
	return nil
}
