package batch

// SetSegTarget sets the segment size RunFile aims at (tests cut small files
// into many segments); it returns the function that restores it.
func SetSegTarget(n int64) func() {
	old := segTarget
	segTarget = n
	return func() { segTarget = old }
}
