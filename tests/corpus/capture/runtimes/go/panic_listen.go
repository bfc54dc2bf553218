// net.Listen; panic(err) on failure (prints goroutine trace with file:line)
package main

import (
	"net"
	"os"
)

func main() {
	ln, err := net.Listen("tcp", os.Args[1])
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	select {}
}
