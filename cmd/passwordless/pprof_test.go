package main

import "testing"

func TestLoadConfig_PprofIsOffUnlessAskedFor(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want bool
	}{
		{"default", nil, nil, false},
		{"PPROF=1", nil, map[string]string{"PPROF": "1"}, true},
		{"PPROF=true", nil, map[string]string{"PPROF": "TRUE"}, true},
		{"PPROF=0", nil, map[string]string{"PPROF": "0"}, false},
		{"--pprof", []string{"--pprof"}, nil, true},
		{"--pprof=false beats PPROF=1", []string{"--pprof=false"}, map[string]string{"PPROF": "1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := LoadConfig(tt.args, func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Pprof != tt.want {
				t.Errorf("Pprof = %v, want %v", cfg.Pprof, tt.want)
			}
		})
	}
}
