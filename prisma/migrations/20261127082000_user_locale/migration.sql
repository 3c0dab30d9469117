-- The interface language a user chose (issue 15); null: the dashboard follows their browser.
ALTER TABLE "users" ADD COLUMN "locale" VARCHAR(8);
