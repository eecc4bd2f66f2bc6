/**
 * The read API's OpenAPI 3.1 description, served at /api/openapi.json. Written as a typed object
 * (the subset of OpenAPI and JSON Schema 2020-12 it uses, openapi-types.ts), kept beside the routes
 * it describes; test/http/read-api.test.ts checks that every route of api-routes.ts is described
 * and validates real answers against these schemas (objects are closed: an undescribed field, such
 * as an author's LMS id, fails the test).
 */
import type { JsonSchema, OpenApiDocument, Operation, Parameter } from './openapi-types';
import { COURSE_LIMIT } from './course-summaries';
import { REVIEW_LIMIT } from './public-reviews';
import { TOPIC_LIMIT } from './course-topics';
import { ALERT_LIMIT, ALERT_STATES } from './alerts';
import { ALERT_KINDS } from '../listening/alerts/alert-rules';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });
const closed = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});
const text: JsonSchema = { type: 'string' };
const count: JsonSchema = { type: 'integer', minimum: 0 };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
const average: JsonSchema = nullable({ type: 'number', minimum: 1, maximum: 5 });
const change: JsonSchema = nullable({ type: 'number', minimum: -4, maximum: 4 });
const share: JsonSchema = { type: 'number', minimum: 0, maximum: 1 };

/** A list page: the items and the opaque cursor of the next page (null on the last one). */
const pageOf = (item: string, extra: Record<string, JsonSchema> = {}): JsonSchema =>
  closed({ items: { type: 'array', items: ref(item) }, nextCursor: nullable({ type: 'string', description: 'Pass as `cursor` to get the next page; null on the last page.' }), ...extra });

const SCHEMAS: Record<string, JsonSchema> = {
  Figures: closed({ count, average }),
  CourseSummary: closed(
    {
      id: { type: 'string', description: 'Opaque course id, for the course’s own endpoints.' },
      deploymentId: text,
      contextId: { type: 'string', description: 'The LMS’s context (course) id.' },
      title: text,
      label: nullable(text),
      lmsUrl: nullable({ type: 'string', format: 'uri' }),
      lastLaunchAt: dateTime,
      ratingsShown: { type: 'boolean', description: 'false below the course’s minimum number of ratings or with reviews off: rating, aspects and trend are then empty.' },
      rating: nullable(closed({ count, average, histogram: { type: 'array', items: count, minItems: 5, maxItems: 5, description: 'Ratings of 1 to 5 stars, in that order.' }, last12Months: ref('Figures') })),
      aspects: { type: 'array', items: closed({ aspect: text, count, average }) },
      trend: nullable(closed({ last30: ref('Figures'), previous30: ref('Figures'), change30: change, last90: ref('Figures'), previous90: ref('Figures'), change90: change }, 'Ratings of the last 30 and 90 days against the periods before.')),
    },
    'A course as its learners may see it.',
  ),
  CoursePage: pageOf('CourseSummary'),
  Review: closed(
    {
      id: text,
      rating: { type: 'integer', minimum: 1, maximum: 5 },
      aspects: { type: 'array', items: closed({ aspect: text, rating: { type: 'integer', minimum: 1, maximum: 5 } }) },
      title: text,
      liked: text,
      improve: text,
      author: { type: 'string', description: 'As the course shows the author to learners: a name, a first name and initial, or a pseudonym ("Learner 7"). Never an LMS id.' },
      verified: { type: 'boolean', description: 'The author had launched the course as a learner before writing.' },
      helpfulCount: count,
      createdAt: dateTime,
      editedAt: nullable(dateTime),
      response: nullable(closed({ text, at: dateTime, editedAt: nullable(dateTime) }, 'The course’s public response.')),
    },
    'A published review, public fields only.',
  ),
  ReviewPage: pageOf('Review', { textsShown: { type: 'boolean', description: 'false when the course does not show review texts to learners (the list is then empty).' } }),
  Topic: closed({
    key: text,
    label: text,
    count: { ...count, description: 'Reviews mentioning the topic.' },
    negativeShare: share,
    positiveShare: share,
    trend: closed({ recent: count, previous: count }, 'Mentions in the last 30 days and the 30 before.'),
    reviewIds: { type: 'array', items: text, maxItems: 10, description: 'The most recent reviews mentioning it.' },
  }),
  TopicList: closed({ items: { type: 'array', items: ref('Topic') }, textsShown: { type: 'boolean' }, textsRead: count }),
  Alert: closed(
    {
      id: text,
      kind: { type: 'string', enum: ALERT_KINDS },
      courseId: { type: 'string', description: 'The course’s id, as GET /api/v1/courses gives it.' },
      raisedAt: dateTime,
      state: { type: 'string', enum: ALERT_STATES },
      acknowledgedAt: nullable(dateTime),
      reviewIds: { type: 'array', items: text, maxItems: 20, description: 'The reviews behind the alert, as GET /api/v1/courses/{courseId}/reviews names them (that list serves only published reviews, where learners read texts).' },
      facts: ref('AlertFacts'),
    },
    'Something that turned sour in a course. Who acknowledged it and where it was sent are never shown.',
  ),
  AlertFacts: {
    type: 'object',
    description:
      'The figures behind the alert; which ones depend on the kind. average-drop: ratings, before, after, drop. low-spike: count, days, baseline. ' +
      'unanswered-low: rating, days. topic-negative: topic, share, previousShare, mentions. negative-mention: title, url (a public post outside the LMS).',
    properties: {
      ratings: count, before: { type: 'number' }, after: { type: 'number' }, drop: { type: 'number' },
      count, days: count, baseline: { type: 'number', minimum: 0 },
      rating: { type: 'integer', minimum: 1, maximum: 5 },
      topic: text, share, previousShare: share, mentions: count,
      title: text, url: { type: 'string', description: 'The post’s http(s) address, or empty.' },
    },
    additionalProperties: false,
  },
  AlertPage: pageOf('Alert'),
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details; title and detail follow Accept-Language (English or French).',
    properties: { type: text, title: text, status: { type: 'integer' }, detail: text, code: text, hint: text, reference: text },
    required: ['type', 'title', 'status', 'detail', 'code'],
  },
};

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const ok = (schema: string, description: string) => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const limitParameter = (rule: { default: number; max: number }): Parameter => ({ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: rule.max, default: rule.default } });
const cursorParameter: Parameter = { name: 'cursor', in: 'query', required: false, description: 'The nextCursor of the previous page.', schema: { type: 'string', maxLength: 1024 } };
const courseFilterParameter: Parameter = { name: 'course', in: 'query', required: false, description: 'Only this course’s alerts: a course id from GET /api/v1/courses.', schema: { type: 'string' } };
const stateParameter: Parameter = { name: 'state', in: 'query', required: false, description: 'Only open or only acknowledged alerts; both when absent.', schema: { type: 'string', enum: ALERT_STATES } };
const courseIdParameter: Parameter = { name: 'courseId', in: 'path', required: true, description: 'A course id from GET /api/v1/courses.', schema: { type: 'string' } };

const REFUSALS = {
  '400': problem('A parameter is invalid (limit out of range, unknown parameter or value, a cursor not from this list).'),
  '401': problem('No token, or an unknown, malformed or revoked one (with WWW-Authenticate).'),
  '429': problem('Too many requests for this token; Retry-After says when to try again.'),
};

function read(summary: string, response: ReturnType<typeof ok>, parameters: Parameter[], notFound = true): Operation {
  return { summary, parameters, responses: { '200': response, ...REFUSALS, ...(notFound ? { '404': problem('No such course on the token’s platform (or deployment).') } : {}) } };
}

export function openApiDocument(baseUrl: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Learner Voice read API',
      version: '1.0.0',
      description:
        'Read-only access to a platform’s courses, public reviews and topics, and to its courses’ alerts, with a token created by `learner-voice api-token create`. ' +
        'Lists are paged with opaque cursors. Course figures, reviews and topics are what the course’s learners may see; alerts are what the course’s staff is told, without any person’s address.',
    },
    servers: [{ url: baseUrl }],
    security: [{ bearer: [] }],
    paths: {
      '/api/openapi.json': { get: { summary: 'This description', security: [], responses: { '200': { description: 'The OpenAPI document', content: { 'application/json': { schema: { type: 'object' } } } } } } },
      '/api/v1/courses': { get: read('The token’s courses, by deployment and context id', ok('CoursePage', 'A page of course summaries'), [limitParameter(COURSE_LIMIT), cursorParameter], false) },
      '/api/v1/courses/{courseId}': { get: read('One course’s summary', ok('CourseSummary', 'The course'), [courseIdParameter]) },
      '/api/v1/courses/{courseId}/reviews': { get: read('The course’s published reviews, newest first', ok('ReviewPage', 'A page of reviews'), [courseIdParameter, limitParameter(REVIEW_LIMIT), cursorParameter]) },
      '/api/v1/alerts': {
        get: read('Alerts of the token’s courses, newest first', ok('AlertPage', 'A page of alerts'), [courseFilterParameter, stateParameter, limitParameter(ALERT_LIMIT), cursorParameter]),
      },
      '/api/v1/courses/{courseId}/topics': { get: read('What the course’s recent public reviews talk about, the most mentioned first', ok('TopicList', 'The topics'), [courseIdParameter, limitParameter(TOPIC_LIMIT)]) },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A read-API token (lvr_…).' } },
      schemas: SCHEMAS,
    },
  };
}
