// The structure of an Arazzo description as a JSON Schema (draft 2020-12), written from the
// specification's Fixed Fields tables for 1.0.x and 1.1.x. It checks shapes only; what a schema
// says badly (exactly one of operationId / operationPath / workflowId, goto targets, unique ids,
// expressions that parse) is checked in checkArazzo.ts, with messages that name the fix.
//
// Choices between object kinds use if/then/else on the distinguishing field rather than oneOf,
// so an error names the field that is wrong instead of "must match exactly one schema".

export type ArazzoMinor = '1.0' | '1.1';

const EXTENSIONS = { '^x-': true } as const;
const NAME_KEY = '^[a-zA-Z0-9.\\-_]+$';

export function arazzoSchema(minor: ArazzoMinor): Record<string, unknown> {
  const v11 = minor === '1.1';
  const closed = (properties: Record<string, unknown>, required: string[] = [], extra: Record<string, unknown> = {}) => ({
    type: 'object',
    properties,
    required,
    patternProperties: EXTENSIONS,
    additionalProperties: false,
    ...extra,
  });
  const expressionValue = v11 ? { if: { type: 'object', required: ['selector'] }, then: { $ref: '#/$defs/selector' } } : {};
  const typeObject = {
    type: 'object',
    properties: {
      type: { enum: v11 ? ['jsonpath', 'xpath', 'jsonpointer'] : ['jsonpath', 'xpath'] },
      version: { type: 'string' },
    },
    required: ['type', 'version'],
    patternProperties: EXTENSIONS,
    additionalProperties: false,
    allOf: [
      { if: { properties: { type: { const: 'jsonpath' } } }, then: { properties: { version: { enum: v11 ? ['rfc9535', 'draft-goessner-dispatch-jsonpath-00'] : ['draft-goessner-dispatch-jsonpath-00'] } } } },
      { if: { properties: { type: { const: 'xpath' } } }, then: { properties: { version: { enum: v11 ? ['xpath-31', 'xpath-30', 'xpath-20', 'xpath-10'] : ['xpath-30', 'xpath-20', 'xpath-10'] } } } },
      ...(v11 ? [{ if: { properties: { type: { const: 'jsonpointer' } } }, then: { properties: { version: { enum: ['rfc6901'] } } } }] : []),
    ],
  };
  const parameterList = { type: 'array', items: { $ref: '#/$defs/parameterOrReusable' } };
  const actionFields = {
    name: { type: 'string' },
    workflowId: { type: 'string' },
    stepId: { type: 'string' },
    criteria: { type: 'array', items: { $ref: '#/$defs/criterion' } },
    ...(v11 ? { parameters: parameterList } : {}),
  };
  const outputs = { type: 'object', propertyNames: { pattern: NAME_KEY }, additionalProperties: v11 ? { anyOf: [{ type: 'string' }, { $ref: '#/$defs/selector' }] } : { type: 'string' } };

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...closed(
      {
        arazzo: { type: 'string', pattern: v11 ? '^1\\.1\\.\\d+(-.+)?$' : '^1\\.0\\.\\d+(-.+)?$' },
        ...(v11 ? { $self: { type: 'string', pattern: '^[^#]*$' } } : {}),
        info: { $ref: '#/$defs/info' },
        sourceDescriptions: { type: 'array', minItems: 1, items: { $ref: '#/$defs/sourceDescription' } },
        workflows: { type: 'array', minItems: 1, items: { $ref: '#/$defs/workflow' } },
        components: { $ref: '#/$defs/components' },
      },
      ['arazzo', 'info', 'sourceDescriptions', 'workflows'],
    ),
    $defs: {
      info: closed({ title: { type: 'string' }, summary: { type: 'string' }, description: { type: 'string' }, version: { type: 'string' } }, ['title', 'version']),
      sourceDescription: closed(
        {
          name: { type: 'string', pattern: '^[A-Za-z0-9_\\-]+$' },
          url: { type: 'string' },
          type: { enum: v11 ? ['openapi', 'arazzo', 'asyncapi'] : ['openapi', 'arazzo'] },
        },
        ['name', 'url'],
      ),
      workflow: closed(
        {
          workflowId: { type: 'string' },
          summary: { type: 'string' },
          description: { type: 'string' },
          inputs: { type: ['object', 'boolean'] },
          dependsOn: { type: 'array', uniqueItems: true, items: { type: 'string' } },
          steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
          successActions: { type: 'array', items: { $ref: '#/$defs/successActionOrReusable' } },
          failureActions: { type: 'array', items: { $ref: '#/$defs/failureActionOrReusable' } },
          outputs,
          parameters: parameterList,
        },
        ['workflowId', 'steps'],
      ),
      step: closed(
        {
          stepId: { type: 'string' },
          description: { type: 'string' },
          operationId: { type: 'string' },
          operationPath: { type: 'string' },
          workflowId: { type: 'string' },
          parameters: parameterList,
          requestBody: { $ref: '#/$defs/requestBody' },
          successCriteria: { type: 'array', ...(v11 ? { minItems: 1 } : {}), items: { $ref: '#/$defs/criterion' } },
          onSuccess: { type: 'array', items: { $ref: '#/$defs/successActionOrReusable' } },
          onFailure: { type: 'array', items: { $ref: '#/$defs/failureActionOrReusable' } },
          outputs,
          ...(v11
            ? {
                channelPath: { type: 'string' },
                timeout: { type: 'integer', minimum: 0 },
                correlationId: { type: 'string' },
                action: { enum: ['send', 'receive'] },
                dependsOn: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' } },
              }
            : {}),
        },
        ['stepId'],
      ),
      parameterOrReusable: { if: { type: 'object', required: ['reference'] }, then: { $ref: '#/$defs/reusable' }, else: { $ref: '#/$defs/parameter' } },
      parameter: closed(
        {
          name: { type: 'string' },
          in: { enum: v11 ? ['path', 'query', 'querystring', 'header', 'cookie'] : ['path', 'query', 'header', 'cookie'] },
          value: expressionValue,
        },
        ['name', 'value'],
      ),
      reusable: { type: 'object', properties: { reference: { type: 'string' }, value: {} }, required: ['reference'] },
      successActionOrReusable: { if: { type: 'object', required: ['reference'] }, then: { $ref: '#/$defs/reusable' }, else: { $ref: '#/$defs/successAction' } },
      failureActionOrReusable: { if: { type: 'object', required: ['reference'] }, then: { $ref: '#/$defs/reusable' }, else: { $ref: '#/$defs/failureAction' } },
      successAction: closed({ ...actionFields, type: { enum: ['end', 'goto'] } }, ['name', 'type']),
      failureAction: closed(
        {
          ...actionFields,
          type: { enum: ['end', 'goto', 'retry'] },
          retryAfter: { type: 'number', minimum: 0 },
          retryLimit: { type: 'integer', minimum: 0 },
        },
        ['name', 'type'],
      ),
      criterion: closed(
        {
          context: { type: 'string' },
          condition: { type: 'string' },
          type: { anyOf: [{ enum: ['simple', 'regex', 'jsonpath', 'xpath'] }, { $ref: '#/$defs/expressionType' }] },
        },
        ['condition'],
        {
          // "If type is specified, then the context MUST be provided" — `simple` needs none to make sense.
          if: { required: ['type'], properties: { type: { not: { const: 'simple' } } } },
          then: { required: ['context'] },
        },
      ),
      expressionType: typeObject,
      selector: closed({ context: { type: 'string' }, selector: { type: 'string' }, type: { anyOf: [{ enum: ['jsonpath', 'xpath', 'jsonpointer'] }, { $ref: '#/$defs/expressionType' }] } }, ['context', 'selector', 'type']),
      requestBody: closed({
        contentType: { type: 'string' },
        payload: {},
        replacements: { type: 'array', items: { $ref: '#/$defs/payloadReplacement' } },
      }),
      payloadReplacement: closed(
        {
          target: { type: 'string' },
          value: expressionValue,
          ...(v11 ? { targetSelectorType: { anyOf: [{ enum: ['jsonpath', 'xpath', 'jsonpointer'] }, { $ref: '#/$defs/expressionType' }] } } : {}),
        },
        ['target', 'value'],
      ),
      components: closed({
        inputs: { type: 'object', propertyNames: { pattern: NAME_KEY }, additionalProperties: { type: ['object', 'boolean'] } },
        parameters: { type: 'object', propertyNames: { pattern: NAME_KEY }, additionalProperties: { $ref: '#/$defs/parameter' } },
        successActions: { type: 'object', propertyNames: { pattern: NAME_KEY }, additionalProperties: { $ref: '#/$defs/successAction' } },
        failureActions: { type: 'object', propertyNames: { pattern: NAME_KEY }, additionalProperties: { $ref: '#/$defs/failureAction' } },
      }),
    },
  };
}
