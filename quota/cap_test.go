package quota

import "testing"

func TestCap_Reached(t *testing.T) {
	tests := []struct {
		name string
		cap  Cap
		used int64
		want bool
	}{
		{"no max never reached", Cap{}, 1 << 40, false},
		{"below max leaves room", Limit(5), 4, false},
		{"at max is reached", Limit(5), 5, true},
		{"above max is reached", Limit(5), 9, true},
		{"zero max refuses the first", Limit(0), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cap.Reached(tt.used); got != tt.want {
				t.Errorf("Reached(%d) = %v, want %v", tt.used, got, tt.want)
			}
		})
	}
}
