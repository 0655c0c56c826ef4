// The orders service: reads order events from Kafka with a sarama consumer group.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/IBM/sarama"
)

type orders struct{}

func (orders) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (orders) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (orders) ConsumeClaim(session sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		log.Printf("order %s at offset %d", msg.Key, msg.Offset)
		session.MarkMessage(msg, "")
	}
	return nil
}

func main() {
	config := sarama.NewConfig()
	config.ClientID = "orders"
	config.Version = sarama.V3_6_0_0
	config.Consumer.Offsets.Initial = sarama.OffsetOldest
	config.Consumer.Group.Session.Timeout = 30 * time.Second
	config.Consumer.Group.Heartbeat.Interval = 3 * time.Second
	config.Net.SASL.Enable = true
	config.Net.SASL.User = os.Getenv("KAFKA_USER")
	config.Net.SASL.Password = os.Getenv("KAFKA_PASSWORD")

	group, err := sarama.NewConsumerGroup([]string{"kafka:29092", "kafka:9092"}, "orders", config)
	if err != nil {
		log.Fatalf("consumer group: %v", err)
	}
	defer group.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{"orders"}, orders{}); err != nil {
			log.Printf("consume: %v", err)
			time.Sleep(time.Second)
		}
	}
}
