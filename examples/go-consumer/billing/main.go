// The billing service writes invoices with segmentio/kafka-go. It lives in its own module below
// the compose file of the repository (../docker-compose.yml), whose broker it names: kafkalint
// pairs the two. The writer waits for all in-sync replicas, but it has no Transport: it speaks
// PLAINTEXT to the broker's SASL_PLAINTEXT listener.
package main

import (
	"context"
	"log"
	"time"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{
		Addr:         kafka.TCP("kafka:29092"),
		Topic:        "invoices",
		RequiredAcks: kafka.RequireAll,
		BatchTimeout: 50 * time.Millisecond,
	}
	defer w.Close()
	err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte("inv-1"), Value: []byte(`{"total": 42}`)})
	if err != nil {
		log.Fatal(err)
	}
}
