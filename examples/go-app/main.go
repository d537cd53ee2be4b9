// A tiny web service. The port is an argument (-port) or the PORT environment variable, so the
// container can listen on a high port as a non-root user and `docker run -P` publishes it.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	defaultPort := os.Getenv("PORT")
	if defaultPort == "" {
		defaultPort = "8080"
	}
	port := flag.String("port", defaultPort, "port to listen on")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello from a multi-stage build")
	})
	log.Printf("listening on :%s", *port)
	log.Fatal(http.ListenAndServe(":"+*port, nil))
}
