// The demo town lives with the scripts that load it (scripts/demo/), never in a production start.
export * from '../../scripts/demo/town';
