-- Runs once, when the postgres container initialises an empty data volume
-- (/docker-entrypoint-initdb.d). One database per service; "order" is a reserved word, hence the quotes.
CREATE DATABASE "order";
CREATE DATABASE "inventory";
CREATE DATABASE "payment";
CREATE DATABASE "notification";
