// negative: reading a file with mode 000 as an unprivileged user
package main

import (
	"log"
	"os"
)

func main() {
	_, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatalf("failed to load config: %v", err)
	}
}
