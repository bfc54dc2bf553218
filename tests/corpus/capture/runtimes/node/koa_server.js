const Koa = require('koa');
const app = new Koa();
const [host, port] = [process.argv[2], Number(process.argv[3])];
app.use(async (ctx) => { ctx.body = 'hello\n'; });
app.listen(port, host);
console.log(`koa listening on ${port}`);
