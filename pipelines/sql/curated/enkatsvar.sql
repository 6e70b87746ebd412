-- One row per submitted response and which ones count (galler), by the utvärdering's response model:
--   en_per_kommun     the latest response per kommun counts;
--   flera_per_kommun  every respondent counts once: the latest response per respondent (the keyed hash of the
--                     e-mail address) counts; a response without an address is its own respondent.
-- sluttid is null where the delivered time could not be read (reported in rejected_rows); such a response
-- counts only when its kommun (or respondent) has no response with a known time.
with svar as (select * from staging.stg_enkatsvar),
utvarderingar as (select * from staging.stg_utvarderingar),
responses as (
    select utvardering, svars_id, any_value(starttid) as starttid, any_value(sluttid) as sluttid,
           any_value(kommun_angiven) as kommun_angiven, any_value(kommunkod) as kommunkod,
           any_value(respondent) as respondent, any_value(roll) as roll, any_value(forum) as forum,
           any_value(_fil) as fil, any_value(_rad) as rad
    from svar
    group by utvardering, svars_id
),
keyed as (
    select r.*,
           case when u.svarsmodell = 'flera_per_kommun' then coalesce(r.respondent, 'svar-' || r.svars_id)
                else '' end as vem
    from responses r
    join utvarderingar u using (utvardering)
),
ranked as (
    select *,
           row_number() over (partition by utvardering, kommunkod, vem order by sluttid desc nulls last, svars_id desc) as nyast,
           count(*) over (partition by utvardering, kommunkod, vem) as antal_inskick,
           first_value(svars_id) over (partition by utvardering, kommunkod, vem order by sluttid desc nulls last, svars_id desc) as senaste_svars_id
    from keyed
),
final as (
    select r.utvardering, r.svars_id, r.kommunkod, r.kommun_angiven, r.starttid, r.sluttid,
           r.nyast = 1 as galler,
           case when r.nyast = 1 then null else r.senaste_svars_id end as ersatt_av,
           r.antal_inskick,
           cast(r.sluttid as date) > u.sista_svarsdag as efter_sista_svarsdag,
           r.respondent, r.roll, r.forum,
           r.fil, r.rad
    from ranked r
    join utvarderingar u using (utvardering)
    order by r.utvardering, r.sluttid
)
select * from final
