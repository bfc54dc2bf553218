// fastify without logger, listen() awaited at top level and not caught
const fastify = require('fastify')();
const [host, port] = [process.argv[2], Number(process.argv[3])];
fastify.get('/', async () => ({ hello: 'world' }));
fastify.listen({ port, host }).then((a) => console.log(`listening on ${a}`));
