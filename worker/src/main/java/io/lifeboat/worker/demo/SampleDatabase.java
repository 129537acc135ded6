package io.lifeboat.worker.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A shop database with the variety a real one has: several schemas, an enum, JSONB, arrays,
 * numeric, bytea (half random, half repetitive), sequences, a view, a function and a large object.
 * {@code megabytes} sets roughly how large it is on disk.
 */
public final class SampleDatabase {
  private SampleDatabase() {}

  public static void create(Connection connection, int megabytes) throws SQLException {
    double scale = Math.max(megabytes, 1) / 200.0;
    long customers = Math.round(120_000 * scale);
    long orders = Math.round(400_000 * scale);
    long products = Math.round(16_000 * scale);
    long events = Math.round(150_000 * scale);
    try (Statement s = connection.createStatement()) {
      s.execute("""
          CREATE SCHEMA sales;
          CREATE SCHEMA inventory;
          CREATE SCHEMA audit;
          CREATE TYPE sales.order_status AS ENUM ('placed', 'paid', 'shipped', 'delivered', 'returned');
          CREATE SEQUENCE sales.invoice_number START 100000;

          CREATE TABLE sales.customers (
            id bigserial PRIMARY KEY,
            name text NOT NULL,
            email text UNIQUE NOT NULL,
            address jsonb NOT NULL,
            tags text[] NOT NULL DEFAULT '{}',
            created_at timestamptz NOT NULL);

          CREATE TABLE inventory.products (
            sku text PRIMARY KEY,
            name text NOT NULL,
            description text NOT NULL,
            price numeric(10, 2) NOT NULL,
            attributes jsonb NOT NULL,
            dimensions_mm integer[] NOT NULL,
            thumbnail bytea NOT NULL);

          CREATE TABLE sales.orders (
            id bigserial PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES sales.customers(id),
            invoice_number bigint NOT NULL DEFAULT nextval('sales.invoice_number'),
            status sales.order_status NOT NULL,
            placed_at timestamptz NOT NULL,
            total numeric(12, 2) NOT NULL,
            lines jsonb NOT NULL);
          CREATE INDEX orders_by_customer ON sales.orders (customer_id, placed_at);

          CREATE TABLE audit.events (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            payload jsonb NOT NULL,
            note text);

          CREATE TABLE inventory.manuals (
            sku text PRIMARY KEY REFERENCES inventory.products(sku),
            manual oid NOT NULL);

          CREATE VIEW sales.revenue_by_month AS
            SELECT date_trunc('month', placed_at) AS month, sum(total) AS revenue, count(*) AS orders
              FROM sales.orders WHERE status <> 'returned' GROUP BY 1;

          CREATE FUNCTION sales.customer_lifetime_value(customer bigint) RETURNS numeric
            LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(total), 0) FROM sales.orders WHERE customer_id = customer $$;
          """);
      s.execute("SELECT setseed(0.42)");
      s.execute("""
          INSERT INTO sales.customers (name, email, address, tags, created_at)
          SELECT initcap(md5(i::text)::text), 'customer' || i || '@example.com',
                 jsonb_build_object('street', (i % 500) || ' ' || substr(md5(random()::text), 1, 12) || ' Street',
                                    'city', (ARRAY['Lisbon','Oslo','Lyon','Graz','Turku','Cork'])[1 + i % 6],
                                    'postcode', lpad((i::bigint * 7919 % 99999)::text, 5, '0'),
                                    'geo', jsonb_build_array(round((random() * 180 - 90)::numeric, 5),
                                                             round((random() * 360 - 180)::numeric, 5))),
                 ARRAY(SELECT (ARRAY['vip','newsletter','b2b','churn-risk','wholesale'])[1 + (i + k) % 5]
                         FROM generate_series(1, i % 4) k),
                 timestamptz '2020-01-01' + (i || ' minutes')::interval
            FROM generate_series(1, {customers}) i""".replace("{customers}", Long.toString(customers)));
      s.execute("""
          INSERT INTO inventory.products (sku, name, description, price, attributes, dimensions_mm, thumbnail)
          SELECT 'SKU-' || lpad(i::text, 7, '0'), 'Product ' || i,
                 repeat('Sturdy, reliable and easy to repair. ', 1 + i % 5) || md5(random()::text),
                 round((1 + random() * 500)::numeric, 2),
                 jsonb_build_object('color', (ARRAY['red','green','blue','black'])[1 + i % 4],
                                    'weight_g', 50 + i % 5000, 'recyclable', i % 3 = 0),
                 ARRAY[10 + i % 300, 20 + i % 200, 5 + i % 90],
                 decode(repeat(md5(i::text), 48), 'hex')
                   || decode((SELECT string_agg(md5(random()::text || k::text), '')
                                FROM generate_series(1, 96) k), 'hex')
            FROM generate_series(1, {products}) i""".replace("{products}", Long.toString(products)));
      s.execute("""
          INSERT INTO sales.orders (customer_id, status, placed_at, total, lines)
          SELECT 1 + (i * 7 % {customers}), (ARRAY['placed','paid','shipped','delivered','returned'])[1 + i % 5]::sales.order_status,
                 timestamptz '2021-01-01' + (i * 37 || ' seconds')::interval,
                 round((random() * 900 + 10)::numeric, 2),
                 jsonb_build_array(
                   jsonb_build_object('sku', 'SKU-' || lpad((1 + i % {products})::text, 7, '0'), 'qty', 1 + i % 3,
                                      'note', substr(md5(random()::text), 1, 8 + i % 20)),
                   jsonb_build_object('sku', 'SKU-' || lpad((1 + (i * 13) % {products})::text, 7, '0'), 'qty', 1))
            FROM generate_series(1, {orders}) i"""
          .replace("{customers}", Long.toString(customers)).replace("{products}", Long.toString(products))
          .replace("{orders}", Long.toString(orders)));
      s.execute("""
          INSERT INTO audit.events (at, actor, action, payload, note)
          SELECT timestamptz '2022-01-01' + (i * 11 || ' seconds')::interval,
                 'user' || (i % 97), (ARRAY['login','update','export','delete','refund'])[1 + i % 5],
                 jsonb_build_object('ip', '10.' || (i % 250) || '.' || (i * 3 % 250) || '.' || (i * 7 % 250),
                                    'session', md5(random()::text), 'changes', i % 9),
                 CASE WHEN i % 4 = 0 THEN NULL ELSE md5(random()::text) || ' ' || md5(i::text) END
            FROM generate_series(1, {events}) i""".replace("{events}", Long.toString(events)));
      s.execute("""
          INSERT INTO inventory.manuals (sku, manual)
          SELECT 'SKU-0000001', lo_from_bytea(0, convert_to(repeat('Assembly: tighten every screw by hand first. ', 20000)
                                                   || md5(random()::text), 'UTF8'))""");
      s.execute("SELECT setval('sales.invoice_number', " + (100_000 + orders + 5_000) + ")");
      s.execute("ANALYZE");
    }
  }
}
