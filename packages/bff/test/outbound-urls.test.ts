import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headersFor } from '../src/outbound/headers.ts';
import { hideUserInfo, userInfo, withoutUserInfo } from '../src/outbound/urls.ts';

const URLS = [
  'https://hooks.example.com/in',
  'https://user:pass@hooks.example.com/in',
  'https://key@hooks.example.com/in',
  'https://:only-password@hooks.example.com/in',
  'https://hooks.example.com/in?to=a@b.example',
  'https://hooks.example.com/a@b',
  'https:\\\\user:pass@hooks.example.com\\in',
  'HTTPS://USER@HOOKS.EXAMPLE.COM',
  'https://us%40er:p%3Ass@hooks.example.com/',
  'https://bad%zz@hooks.example.com/',
  'not a url',
  'not@a url',
];

describe('user info in URLs', () => {
  it('is found exactly where the URL parser finds it, with or without an @', () => {
    for (const url of URLS) {
      const parsed = URL.parse(url);
      const has = Boolean(parsed && (parsed.username || parsed.password));
      assert.equal(userInfo(url) !== null, has, url);
      assert.equal(withoutUserInfo(url), has ? Object.assign(new URL(url), { username: '', password: '' }).href : url);
      assert.equal(hideUserInfo(url) === url, !has, url);
    }
  });

  it('keeps an endpoint’s headers for its own origin only', () => {
    const headers = { authorization: 'Bearer vendor', 'x-team': 'ops' };
    assert.equal(headersFor(headers, 'https://a.example/in', 'https://a.example/in'), headers);
    assert.equal(headersFor(headers, 'https://a.example/in', 'https://a.example/other'), headers);
    assert.deepEqual(headersFor(headers, 'https://a.example/in', 'https://b.example/in'), { 'x-team': 'ops' });
  });
});
