import { describe, expect, it } from 'vitest';
import { databaseTarget } from './database-url';

describe('databaseTarget', () => {
  it('leaves a TCP URL as it is', () => {
    expect(databaseTarget('postgres://u:p@127.0.0.1:5432/order')).toEqual({
      url: 'postgres://u:p@127.0.0.1:5432/order',
    });
    expect(databaseTarget('postgres://u:p@db:5432/order?sslmode=require')).toEqual({
      url: 'postgres://u:p@db:5432/order?sslmode=require',
    });
  });

  it('takes the socket directory out of the URL, keeping every other parameter', () => {
    expect(
      databaseTarget('postgres://u:p@127.0.0.1:15432/order?host=%2Ftmp%2Fpg%20sockets&application_name=x'),
    ).toEqual({
      url: 'postgres://u:p@127.0.0.1:15432/order?application_name=x',
      socketDirectory: '/tmp/pg sockets',
    });
    expect(databaseTarget('postgres://u:p@127.0.0.1:15432/order?host=/var/run/postgresql')).toEqual({
      url: 'postgres://u:p@127.0.0.1:15432/order',
      socketDirectory: '/var/run/postgresql',
    });
  });

  it('refuses a host parameter that is not a directory', () => {
    expect(() => databaseTarget('postgres://u:p@127.0.0.1/order?host=db.example')).toThrow(
      /\?host= must name a socket directory.*"db\.example"/,
    );
  });
});
