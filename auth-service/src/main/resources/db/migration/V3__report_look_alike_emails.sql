-- Issue 11: an address that Unicode NFKC would change (KELVIN SIGN for K, full-width letters) is no
-- longer accepted, since it can squat the plain address it imitates. Accounts made before the rule
-- keep working; this lists them in the migration's log (Flyway prints the warnings) so an operator
-- can contact their owners. It changes nothing.
do $$
declare
    account record;
    found integer := 0;
begin
    if current_setting('server_encoding') <> 'UTF8' then
        raise warning 'look-alike e-mail check skipped: Unicode normalisation needs a UTF8 database';
        return;
    end if;
    for account in select id, email from users where not (email is nfkc normalized) order by created_at loop
        raise warning 'account % has an e-mail address the current rule refuses (NFKC would change it): %',
            account.id, account.email;
        found := found + 1;
    end loop;
    if found > 0 then
        raise warning '% stored e-mail address(es) would be refused today (see above)', found;
    end if;
end
$$;
