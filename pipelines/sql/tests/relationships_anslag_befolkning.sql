-- Varje kommun med anslag ett år måste ha befolkning året innan (för kronor per invånare)
select a.ar, a.kommunkod as varde
from (select distinct ar, kommunkod from main.anslag where part = 'kommun') a
left join main.befolkning b on b.kommunkod = a.kommunkod and b.ar = least(a.ar - 1, (select max(ar) from main.befolkning))
where b.invanare is null
