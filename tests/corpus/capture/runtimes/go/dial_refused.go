// negative: http.Get to a closed loopback port
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	_, err := http.Get("http://127.0.0.1:" + os.Args[1] + "/")
	if err != nil {
		log.Fatal(err)
	}
}
