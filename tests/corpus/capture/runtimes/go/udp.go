// net.ListenPacket("udp", ...); fmt.Fprintln(os.Stderr, "error:", err) on failure
package main

import (
	"fmt"
	"net"
	"os"
)

func main() {
	pc, err := net.ListenPacket("udp", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Println("udp listening on", pc.LocalAddr())
	buf := make([]byte, 2048)
	for {
		n, a, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		fmt.Printf("got %d bytes from %s\n", n, a)
	}
}
