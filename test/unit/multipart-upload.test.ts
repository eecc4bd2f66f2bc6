/** The multipart helper of contribution forms: one file, capped fields, clean 413/422/400 answers. */
import express from 'express';
import request from 'supertest';
import { readMultipartUpload } from '../../src/http/multipart-upload';

const app = express();
app.post('/upload', async (req, res) => {
  const result = await readMultipartUpload(req, { maxFileBytes: 1024, maxFields: 3, maxFieldBytes: 50 });
  if (!result.ok) {
    res.status(result.status).json({ problem: result.problem, fields: result.fields });
    return;
  }
  res.json({ fields: result.fields, file: result.file && { field: result.file.field, name: result.file.clientName, size: result.file.bytes.length } });
});

describe('multipart upload helper', () => {
  it('returns the fields and the one file, its name without the path the browser sent', async () => {
    const res = await request(app).post('/upload').field('title', 'Tip').attach('file', Buffer.from('hello'), '../x.txt');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ fields: { title: 'Tip' }, file: { field: 'file', name: 'x.txt', size: 5 } });
  });

  it('answers 413 when the file passes the limit, without keeping it, with the fields sent before the file', async () => {
    const res = await request(app).post('/upload').field('title', 'Tip').attach('file', Buffer.alloc(5000, 1), 'big.bin');
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ problem: 'file-too-large', fields: { title: 'Tip' } });
  });

  it('answers 422 for a second file, too many fields or an overlong field, and 400 for what is not multipart', async () => {
    const two = await request(app).post('/upload').attach('a', Buffer.from('1'), 'a.txt').attach('b', Buffer.from('2'), 'b.txt');
    expect([two.status, two.body.problem]).toEqual([422, 'too-many-files']);
    const many = await request(app).post('/upload').field('a', '1').field('b', '2').field('c', '3').field('d', '4');
    expect([many.status, many.body.problem]).toEqual([422, 'too-many-fields']);
    const long = await request(app).post('/upload').field('text', 'x'.repeat(51));
    expect([long.status, long.body.problem]).toEqual([422, 'field-too-large']);
    const json = await request(app).post('/upload').send({ a: 1 });
    expect([json.status, json.body.problem]).toEqual([400, 'not-multipart']);
    const broken = await request(app).post('/upload').set('Content-Type', 'multipart/form-data; boundary=xyz').send('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated');
    expect(broken.status).toBe(400);
  });

  it('answers 400 to a body that ends inside a file part (busboy fails the file stream itself: unheard, that error ended the process)', async () => {
    const truncated = '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc';
    const res = await request(app).post('/upload').set('Content-Type', 'multipart/form-data; boundary=XyZ').send(truncated);
    expect([res.status, res.body.problem]).toEqual([400, 'malformed']);
    const withField = await request(app).post('/upload').set('Content-Type', 'multipart/form-data; boundary=XyZ').send(`--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nTip\r\n${truncated}`);
    expect(withField.body).toEqual({ problem: 'malformed', fields: { title: 'Tip' } });
  });

  it('treats an empty file input as no file', async () => {
    const res = await request(app).post('/upload').field('title', 'Tip').attach('file', Buffer.alloc(0), '');
    expect(res.body.file).toBeNull();
  });
});
