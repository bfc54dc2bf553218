const fastify = require('fastify')({ logger: true });
const [host, port] = [process.argv[2], Number(process.argv[3])];
fastify.get('/', async () => ({ hello: 'world' }));
fastify.listen({ port, host }, (err, address) => {
  if (err) {
    fastify.log.error(err);
    process.exit(1);
  }
});
