import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { firstValueFrom } from 'rxjs';
import type { TemplateResponseDto } from '../../../core/api/models/template-response-dto';
import { anErrorBody, settle } from '../../../../testing/auth-fixtures';
import { aManagedTemplate } from '../../../../testing/template-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import {
  type TemplateBuilderData,
  TemplateBuilderDialogComponent,
} from './template-builder-dialog.component';

@Component({ template: '' })
class HostComponent {}

const ACCOUNT_ID = '7f9a2c1e-3b4d-4e5f-8a6b-9c0d1e2f3a4b';

describe('TemplateBuilderDialogComponent', () => {
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let closed: Promise<TemplateResponseDto | undefined>;

  const input = async (label: string) =>
    (await (
      await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }))
    ).getControl(MatInputHarness))!;
  const issues = (field: string) =>
    [...document.querySelectorAll(`.issue[data-field="${field}"]`)].map((e) =>
      e.textContent?.trim(),
    );
  const bubbleText = (selector: string) =>
    document
      .querySelector(`app-whatsapp-bubble ${selector}`)
      ?.textContent?.replace(/\s+/g, ' ')
      .trim();

  function open(data: TemplateBuilderData = { accountId: ACCOUNT_ID }): void {
    const ref = TestBed.inject(MatDialog).open<
      TemplateBuilderDialogComponent,
      TemplateBuilderData,
      TemplateResponseDto
    >(TemplateBuilderDialogComponent, { data });
    closed = firstValueFrom(ref.afterClosed());
  }

  async function submit(): Promise<void> {
    await (await loader.getHarness(MatButtonHarness.with({ text: /Submit/ }))).click();
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: provideTestApp() });
    loader = TestbedHarnessEnvironment.documentRootLoader(TestBed.createComponent(HostComponent));
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    TestBed.inject(MatDialog).closeAll();
  });

  it('shows Meta’s rules under the fields as the user types, and sends nothing broken', async () => {
    open();
    await (await input('Name')).setValue('Order Update');
    expect(issues('name')).toEqual([
      'Use only lowercase letters, digits and underscores (order_update_2).',
    ]);
    await (await input('Message')).setValue('{{1}}{{2}} is ready');
    expect(issues('body.text')).toEqual([
      'Put words between variables: two variables cannot be next to each other.',
      'The message cannot start with a variable.',
    ]);
    // One example field per variable.
    await (await input('Example for {{1}}')).setValue('Ada');
    expect(issues('body.examples')).toEqual(['Give one example per variable: {{2}} has none.']);

    await submit();
    http.expectNone(() => true);
  });

  it('adds buttons and checks their rules', async () => {
    open();
    const add = async (kind: string) => {
      await (await loader.getHarness(MatButtonHarness.with({ text: /Add button/ }))).click();
      await (await loader.getHarness(MatMenuHarness)).clickItem({ text: new RegExp(kind) });
    };
    await add('Visit website');
    await (await input('Web address')).setValue('https://shop.example/{{1}}/x');
    expect(issues('buttons.0.url')).toEqual([
      'Only the end of the address can vary: one {{1}} at its end.',
    ]);
    await add('Call phone number');
    await (await input('Phone number')).setValue('5550101234');
    expect(issues('buttons.1.phone_number')).toEqual([
      'Use an international number with its country code (+15550101234).',
    ]);
  });

  it('previews the template with the examples and creates it', async () => {
    open();
    await (await input('Name')).setValue('order_update');
    await (await input('Message')).setValue('Hi {{1}}, your order ships today.');
    await (await input('Example for {{1}}')).setValue('Ada');
    await (await input('Footer (optional)')).setValue('Thanks');
    expect(bubbleText('.body')).toBe('Hi Ada, your order ships today.');
    expect(bubbleText('.footer')).toBe('Thanks');

    await submit();
    const request: TestRequest = http.expectOne({
      method: 'POST',
      url: '/api/whatsapp/templates',
    });
    expect(request.request.body).toEqual({
      account_id: ACCOUNT_ID,
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      body: { text: 'Hi {{1}}, your order ships today.', examples: { '1': 'Ada' } },
      footer: { text: 'Thanks' },
      buttons: [],
    });
    const created = aManagedTemplate({ status: 'PENDING' });
    request.flush(created);
    await expect(closed).resolves.toEqual(created);
  });

  it('shows what the server refused on its field', async () => {
    open();
    await (await input('Name')).setValue('order_update');
    await (await input('Message')).setValue('Hello there');
    await submit();
    http
      .expectOne({ method: 'POST', url: '/api/whatsapp/templates' })
      .flush(
        anErrorBody(400, 'Validation failed', [
          { field: 'language', messages: ['Meta does not know this language'] },
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    // A harness query runs change detection.
    await loader.getAllHarnesses(MatButtonHarness);
    expect(issues('language')).toEqual(['Meta does not know this language']);
  });

  it('asks for a new sample when editing a media header Meta listed as a URL', async () => {
    open({
      accountId: ACCOUNT_ID,
      template: aManagedTemplate({
        components: [
          {
            type: 'HEADER',
            format: 'IMAGE',
            example: { header_handle: ['https://scontent.whatsapp.net/menu.png'] },
          },
          { type: 'BODY', text: 'Our new menu is here.' },
        ],
      }),
    });
    await loader.getAllHarnesses(MatButtonHarness);
    expect(document.querySelector('.file-name')?.textContent?.trim()).toBe('No file chosen');
    await submit();
    expect(issues('header.handle')).toEqual(["Add a sample image for Meta's review."]);
    http.expectNone(() => true);
  });

  it('edits a template: name, language and category stay, and it says what Meta allows', async () => {
    const template = aManagedTemplate({
      edit: { allowed: true, reason: null, remaining_count: 7, next_edit_at: null },
    });
    open({ accountId: ACCOUNT_ID, template });
    expect(await (await input('Name')).isReadonly()).toBe(true);
    expect(document.querySelector('.allowance')?.textContent).toContain(
      '7 of 10 edits left in the last 30 days.',
    );
    expect(await (await input('Example for {{1}}')).getValue()).toBe('Ada');
    await (await input('Message')).setValue('Hi {{1}}, your order is on its way.');
    await submit();
    const request = http.expectOne({
      method: 'PATCH',
      url: `/api/whatsapp/templates/${template.id}`,
    });
    expect(request.request.body).toEqual({
      header: { format: 'TEXT', text: 'Order {{1}}', example: 'A-17' },
      body: { text: 'Hi {{1}}, your order is on its way.', examples: { '1': 'Ada' } },
      buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }],
    });
    request.flush(aManagedTemplate({ status: 'PENDING' }));
    await closed;
  });
});
