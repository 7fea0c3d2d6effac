// The builders tests use are the ones the demo town is made of (scripts/demo/): one set.
export * from '../../scripts/demo/factories';
