-- Ett svar utan slutförandetid ska ha sin oläsliga tidpunkt i rejected_rows (aldrig tyst saknas)
select e.fil, e.rad, e.svars_id
from main.enkatsvar e
where e.sluttid is null
  and not exists (select 1 from main.rejected_rows r where r.fil = e.fil and r.rad = e.rad)
